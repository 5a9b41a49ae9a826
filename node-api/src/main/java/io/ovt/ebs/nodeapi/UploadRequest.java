package io.ovt.ebs.nodeapi;

/**
 * An upload of a snapshot's data to an image store, as {@code PUT /v1/uploads/{name}} asks it.
 *
 * @param volume the volume the snapshot is of
 * @param snapshot the snapshot LV whose data is uploaded (its local name)
 * @param url the HTTP or HTTPS URL the image file is PUT to
 * @param format the image file's format
 */
public record UploadRequest(String volume, String snapshot, String url, DiskImageFormat format) {}
