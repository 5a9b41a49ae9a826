package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** An observation from the four reads. */
  public HostObservation(
      LvmReport lvm,
      List<DrbdResourceStatus> drbd,
      List<DrbdResourceConfig> configs,
      List<TargetSpec> targets) {
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
        host.lvm().report(), host.drbd().status(), host.drbd().configs(), host.targets().list());
  }

  /** The volume group report. */
  public LvmReport lvm() {
    return lvm;
  }

  /**
   * The view of one volume: its snapshots, the LVs that depend on it, and the LV named as its
   * source ({@code source} may be null).
   */
  public VolumeView volume(String name, HostLayout layout, String source) {
    List<VolumeView.SnapshotLv> snapshots = new ArrayList<>();
    for (LogicalVolume other : originOf(name)) {
      if (other.hasTag(layout.snapshotTag())) {
        snapshots.add(new VolumeView.SnapshotLv(other, dependentsOf(other.name(), layout)));
      }
    }
    return new VolumeView(
        name,
        lvs.get(name),
        configs.get(name),
        drbd.get(name),
        targets.getOrDefault(name, List.of()),
        snapshots,
        dependentsOf(name, layout),
        source == null ? null : lvs.get(source));
  }

  /** One LV by name. */
  public Optional<LogicalVolume> lv(String name) {
    return Optional.ofNullable(lvs.get(name));
  }

  /** LVs whose origin is the named LV (snapshots and thin volumes made from it), by name. */
  public List<LogicalVolume> originOf(String name) {
    return lvs.values().stream()
        .filter(lv -> name.equals(lv.origin()))
        .sorted(Comparator.comparing(LogicalVolume::name))
        .toList();
  }

  /**
   * LVs that still need the named one, by name: those whose origin it is (other than its snapshots,
   * which a volume lists apart) and those tagged with it as their source.
   */
  public List<String> dependentsOf(String name, HostLayout layout) {
    String sourceTag = layout.sourceTag(name);
    return lvs.values().stream()
        .filter(
            lv ->
                (name.equals(lv.origin()) && !lv.hasTag(layout.snapshotTag()))
                    || lv.hasTag(sourceTag))
        .map(LogicalVolume::name)
        .sorted()
        .toList();
  }

  /**
   * Names of the volumes this daemon owns: tagged LVs other than snapshots and a copy's temporary
   * snapshots, and DRBD resources it configured.
   */
  public Set<String> volumeNames(HostLayout layout) {
    Set<String> names = new TreeSet<>(configs.keySet());
    lvs.values().stream()
        .filter(
            lv ->
                lv.hasTag(layout.projectTag())
                    && !lv.hasTag(layout.snapshotTag())
                    && !lv.hasTag(layout.tempTag()))
        .forEach(lv -> names.add(lv.name()));
    return names;
  }
}
