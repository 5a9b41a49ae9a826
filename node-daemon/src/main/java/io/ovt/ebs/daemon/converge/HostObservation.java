package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One observation of a whole host: one LVM report, one DRBD status read, the DRBD configuration
 * files and one target listing, however many volumes there are. Indexed by volume name.
 */
public final class HostObservation {
  private final LvmReport lvm;
  private final Map<String, LogicalVolume> lvs;
  private final Map<String, DrbdResourceStatus> drbd;
  private final Map<String, DrbdResourceConfig> configs;
  private final Map<String, List<TargetSpec>> targets;
  private final Set<String> outdatedLunSizes;

  /** An observation from the four reads. */
  public HostObservation(
      LvmReport lvm,
      List<DrbdResourceStatus> drbd,
      List<DrbdResourceConfig> configs,
      List<TargetSpec> targets) {
    this(lvm, drbd, configs, targets, Set.of());
  }

  /** An observation that also knows which targets' LUNs lag behind their grown devices. */
  public HostObservation(
      LvmReport lvm,
      List<DrbdResourceStatus> drbd,
      List<DrbdResourceConfig> configs,
      List<TargetSpec> targets,
      Set<String> outdatedLunSizes) {
    this.outdatedLunSizes = Set.copyOf(outdatedLunSizes);
    this.lvm = lvm;
    this.lvs = lvm.lvs().stream().collect(Collectors.toMap(LogicalVolume::name, lv -> lv));
    this.drbd =
        drbd.stream().collect(Collectors.toMap(DrbdResourceStatus::name, Function.identity()));
    this.configs =
        configs.stream().collect(Collectors.toMap(DrbdResourceConfig::name, Function.identity()));
    this.targets = targets.stream().collect(Collectors.groupingBy(TargetSpec::backstore));
  }

  /** Reads the host. */
  public static HostObservation of(StorageHost host) throws StorageException {
    return new HostObservation(
        host.lvm().report(),
        host.drbd().status(),
        host.drbd().configs(),
        host.targets().list(),
        host.targets().outdatedLunSizes());
  }

  /** The volume group report. */
  public LvmReport lvm() {
    return lvm;
  }

  /** The view of one volume. */
  public VolumeView volume(String name) {
    return new VolumeView(
        name,
        lvs.get(name),
        configs.get(name),
        drbd.get(name),
        targets.getOrDefault(name, List.of()),
        lvs.values().stream().filter(lv -> name.equals(lv.origin())).toList(),
        outdatedLunSizes);
  }

  /** Names of the volumes this daemon owns: tagged LVs, and DRBD resources it configured. */
  public Set<String> volumeNames(String projectTag) {
    Set<String> names = new TreeSet<>(configs.keySet());
    lvs.values().stream().filter(lv -> lv.hasTag(projectTag)).forEach(lv -> names.add(lv.name()));
    return names;
  }
}
