package io.ovt.ebs.nodeapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A disk image a node imports into a new volume.
 *
 * @param url HTTP or HTTPS URL the node GETs the image file from
 * @param format the file's format; the node refuses a file of another format
 * @param sha256 the file's expected sha256 (lower-case hex), or null to skip the check
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DesiredImage(String url, DiskImageFormat format, String sha256) {}
