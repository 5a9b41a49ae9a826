package io.ovt.ebs.daemon.host;

import java.time.Duration;
import java.util.Set;

/** Typed LVM operations on the host's one volume group. */
public interface LvmTool {
  /** The VG and every LV in it, in one read. */
  LvmReport report() throws StorageException;

  /**
   * A report at most {@code maxAge} old, with no change made since, for readers that only need
   * capacity; a tool that keeps no reports reads a new one.
   */
  default LvmReport recentReport(Duration maxAge) throws StorageException {
    return report();
  }

  /** {@code lvcreate -L}: a thick LV with tags. */
  void createThick(String name, long sizeBytes, Set<String> tags) throws StorageException;

  /** {@code lvcreate -V --thinpool}: a thin LV in the pool, with tags. */
  void createThin(String name, long sizeBytes, String pool, Set<String> tags)
      throws StorageException;

  /**
   * {@code lvcreate -s}: a snapshot of {@code origin}: for a thin origin a thin snapshot (active,
   * {@code cowBytes} ignored), for a thick origin a classic snapshot with a copy-on-write area of
   * {@code cowBytes}.
   */
  void createSnapshot(String origin, String name, long cowBytes, Set<String> tags)
      throws StorageException;

  /** {@code lvchange --deltag}: removes a tag from an LV. */
  void removeTag(String name, String tag) throws StorageException;

  /** {@code lvextend -L}: grows an LV; never shrinks. */
  void extend(String name, long sizeBytes) throws StorageException;

  /** {@code lvremove}: removes an LV. Callers check the project tag first. */
  void remove(String name) throws StorageException;
}
