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
 */
public record VolumeView(
    String name,
    LogicalVolume lv,
    DrbdResourceConfig config,
    DrbdResourceStatus drbd,
    List<TargetSpec> targets) {

  public VolumeView {
    targets = List.copyOf(targets);
  }

  /** True when the host has no trace of the volume. */
  public boolean isAbsent() {
    return lv == null && config == null && drbd == null && targets.isEmpty();
  }
}
