package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.DesiredImage;
import io.ovt.ebs.nodeapi.DiskImageFormat;

/**
 * Imports disk images into the host's LVs (download, checks, conversion to the LV's raw blocks) and
 * uploads LVs' data as image files. An import or upload may run for minutes; it stops with an
 * {@link InterruptedException} when its thread is interrupted. A {@link StorageException} coded
 * {@code INVALID_REQUEST} means the image itself is unusable (wrong checksum, too large, corrupt,
 * not the format declared), so trying again is pointless; any other code may pass on another
 * attempt.
 */
public interface ImageTool {
  /**
   * Writes the disk contents of {@code image} at the start of LV {@code lv}.
   *
   * @param roomBytes how many bytes at the start of the LV the volume's data may take; a larger
   *     image is refused
   * @param targetIsZero the LV reads as zeros (a new thin LV), so zeros need not be written
   * @param progress how far the download got: bytes received, and the total or -1
   * @return the image's virtual size: the bytes of the LV it wrote
   */
  long importInto(
      String lv, DesiredImage image, long roomBytes, boolean targetIsZero, Progress progress)
      throws StorageException, InterruptedException;

  /**
   * Makes an image file of the first {@code dataBytes} of LV {@code lv} (a snapshot) and PUTs it to
   * {@code url}. A {@link StorageException} coded {@code INVALID_REQUEST} means the destination
   * refused it (HTTP 4xx): trying again is pointless.
   *
   * @param progress bytes of the image file sent, of its size
   */
  Uploaded upload(String lv, long dataBytes, DiskImageFormat format, String url, Progress progress)
      throws StorageException, InterruptedException;

  /** What an upload sent: the image file's size and sha256. */
  record Uploaded(long bytes, String sha256) {}

  /** Receives how far an import or upload got. */
  @FunctionalInterface
  interface Progress {
    /** {@code bytes} of the image file received, of {@code total} (-1 when unknown). */
    void received(long bytes, long total);
  }
}
