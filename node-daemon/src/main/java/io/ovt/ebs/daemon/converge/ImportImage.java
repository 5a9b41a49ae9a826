package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.nodeapi.DesiredImage;
import io.ovt.ebs.nodeapi.ErrorCode;

/**
 * Puts a new LV's first data in place from a disk image: the host downloads, checks and converts it
 * onto the LV; a thick LV's rest is then zeroed, as it may hold an older LV's bytes. A bad image
 * (checksum, size, format, corruption) is not retried: the volume stays uninitialised, never half
 * written and in use.
 *
 * @param name the new LV
 * @param image what to import
 * @param lvBytes the LV's size
 * @param roomBytes how much of its start the volume's data may take (DRBD keeps its metadata after)
 * @param targetIsZero the LV provably reads as zeros (a thin LV never written), so zeros in the
 *     image need not be written
 */
public record ImportImage(
    String name, DesiredImage image, long lvBytes, long roomBytes, boolean targetIsZero)
    implements Action.Background {
  @Override
  public long totalBytes() {
    return roomBytes;
  }

  @Override
  public void run(StorageHost host, Action.Progress progress)
      throws StorageException, InterruptedException {
    long written =
        host.images()
            .importInto(
                name,
                image,
                roomBytes,
                targetIsZero,
                (bytes, total) -> {
                  if (total > 0) {
                    progress.total(total);
                  }
                  progress.done(bytes);
                });
    if (!targetIsZero) {
      host.blocks().zero(name, written, lvBytes);
    }
  }

  @Override
  public boolean retried(StorageException failure) {
    return failure.code() != ErrorCode.INVALID_REQUEST;
  }
}
