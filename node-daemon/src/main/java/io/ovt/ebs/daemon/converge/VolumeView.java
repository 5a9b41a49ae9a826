package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.TargetSpec;
import java.util.List;

/**
 * Everything a host has of one volume.
 *
 * @param name the volume name
 * @param lv its LV (tagged or not), or null
 * @param config its DRBD configuration, or null
 * @param drbd its DRBD kernel state when up, or null
 * @param targets targets whose backstore is this volume
 * @param snapshots snapshot LVs taken of the volume's LV
 * @param dependents LVs made from this one that still need it: thin volumes whose origin it is, and
 *     LVs tagged with its name as their source
 * @param source the LV the desired state names as the source of its first data, or null
 */
public record VolumeView(
    String name,
    LogicalVolume lv,
    DrbdResourceConfig config,
    DrbdResourceStatus drbd,
    List<TargetSpec> targets,
    List<SnapshotLv> snapshots,
    List<String> dependents,
    LogicalVolume source) {

  public VolumeView {
    targets = List.copyOf(targets);
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    dependents = dependents == null ? List.of() : List.copyOf(dependents);
  }

  /** A view without snapshots, dependents or source. */
  public VolumeView(
      String name,
      LogicalVolume lv,
      DrbdResourceConfig config,
      DrbdResourceStatus drbd,
      List<TargetSpec> targets) {
    this(name, lv, config, drbd, targets, List.of(), List.of(), null);
  }

  /**
   * A snapshot LV of the volume.
   *
   * @param lv the snapshot LV
   * @param dependents LVs made from the snapshot that still need it
   */
  public record SnapshotLv(LogicalVolume lv, List<String> dependents) {
    public SnapshotLv {
      dependents = List.copyOf(dependents);
    }
  }

  /** True when the host has no trace of the volume. */
  public boolean isAbsent() {
    return lv == null && config == null && drbd == null && targets.isEmpty();
  }
}
