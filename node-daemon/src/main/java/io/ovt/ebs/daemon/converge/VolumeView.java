package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.TargetSpec;
import java.util.List;
import java.util.Set;

/**
 * Everything a host has of one volume.
 *
 * @param name the volume name
 * @param lv its LV (tagged or not), or null
 * @param config its DRBD configuration, or null
 * @param drbd its DRBD kernel state when up, or null
 * @param targets targets whose backstore is this volume
 * @param snapshots LVs whose origin is this volume's LV
 * @param outdatedLunSizes IQNs of this volume's targets whose LUN is smaller than its device
 */
public record VolumeView(
    String name,
    LogicalVolume lv,
    DrbdResourceConfig config,
    DrbdResourceStatus drbd,
    List<TargetSpec> targets,
    List<LogicalVolume> snapshots,
    Set<String> outdatedLunSizes) {

  public VolumeView {
    targets = List.copyOf(targets);
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    outdatedLunSizes = outdatedLunSizes == null ? Set.of() : Set.copyOf(outdatedLunSizes);
  }

  /** A view of a volume without snapshots. */
  public VolumeView(
      String name,
      LogicalVolume lv,
      DrbdResourceConfig config,
      DrbdResourceStatus drbd,
      List<TargetSpec> targets) {
    this(name, lv, config, drbd, targets, List.of(), Set.of());
  }

  /** True when the host has no trace of the volume. */
  public boolean isAbsent() {
    return lv == null && config == null && drbd == null && targets.isEmpty();
  }
}
