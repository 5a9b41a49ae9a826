package io.ovt.ebs.daemon.host;

import java.util.function.LongConsumer;

/**
 * Block-level copies between LVs of the host's volume group, used to give a new volume its first
 * data. Both calls may run for minutes; they report the bytes done so far through {@code progress}
 * and stop with an {@link InterruptedException} when their thread is interrupted.
 */
public interface BlockTool {
  /**
   * Copies the first {@code bytes} of LV {@code from} onto LV {@code to}.
   *
   * @param skipZeroes leave all-zero chunks unwritten, for a target that already reads as zeros (a
   *     new thin LV) and should stay sparse
   */
  void copy(String from, String to, long bytes, boolean skipZeroes, LongConsumer progress)
      throws StorageException, InterruptedException;

  /** Writes zeros over the bytes {@code [fromByte, toByte)} of an LV. */
  void zero(String lv, long fromByte, long toByte) throws StorageException, InterruptedException;
}
