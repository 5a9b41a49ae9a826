package io.ovt.ebs.daemon.host;

import java.util.List;
import java.util.Optional;

/**
 * The volume group and all its LVs, read at once.
 *
 * @param volumeGroup VG name
 * @param sizeBytes VG size
 * @param freeBytes VG free space
 * @param extentBytes VG extent size; LV sizes are multiples of it
 * @param lvs every LV of the group
 */
public record LvmReport(
    String volumeGroup, long sizeBytes, long freeBytes, long extentBytes, List<LogicalVolume> lvs) {

  public LvmReport {
    lvs = List.copyOf(lvs);
  }

  /** The LV of that name, if any. */
  public Optional<LogicalVolume> lv(String name) {
    return lvs.stream().filter(lv -> lv.name().equals(name)).findFirst();
  }

  /** Rounds a size up to whole extents, as lvcreate does. */
  public long roundUp(long bytes) {
    return ((bytes + extentBytes - 1) / extentBytes) * extentBytes;
  }
}
