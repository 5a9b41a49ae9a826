package io.ovt.ebs.nodeapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An upload job on a node, as {@code GET /v1/uploads/{name}} answers it.
 *
 * @param name the job's name
 * @param phase where it is
 * @param percent how far it got (100 when done)
 * @param bytes the image file's size, once sent
 * @param sha256 the image file's sha256 (lower-case hex), once sent
 * @param error why it failed or was refused, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadState(
    String name, UploadPhase phase, double percent, Long bytes, String sha256, String error) {}
