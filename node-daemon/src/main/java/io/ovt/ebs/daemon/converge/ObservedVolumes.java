package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;

/** Maps a host's view of a volume to the node API's observed volume. */
public final class ObservedVolumes {
  private ObservedVolumes() {}

  /** The volume as observed, not fenced. */
  public static ObservedVolume of(VolumeView seen, HostLayout layout, InitProgress init) {
    return of(seen, layout, init, false);
  }

  /** The volume as observed; {@code fenced} when the node holds its I/O (self-fencing). */
  public static ObservedVolume of(
      VolumeView seen, HostLayout layout, InitProgress init, boolean fenced) {
    LogicalVolume lv = seen.lv();
    ObservedVolume.ObservedLv observedLv =
        lv == null
            ? null
            : new ObservedVolume.ObservedLv(
                layout.volumeGroup(),
                lv.name(),
                lv.sizeBytes(),
                lv.kind() == LvKind.THIN ? Provisioning.THIN : Provisioning.THICK,
                lv.pool(),
                lv.dataPercent(),
                lv.open());
    DrbdResourceStatus drbd = seen.drbd();
    ObservedVolume.ObservedDrbd observedDrbd =
        drbd == null
            ? null
            : new ObservedVolume.ObservedDrbd(
                drbd.minor(),
                seen.config() == null ? 0 : seen.config().port(),
                drbd.role(),
                drbd.disk(),
                drbd.connection(),
                drbd.replication(),
                drbd.peerRole(),
                drbd.peerDisk(),
                drbd.syncPercent(),
                drbd.open(),
                drbd.peerFencedAt(),
                fenced);

    String device =
        seen.config() != null
            ? seen.config().devicePath()
            : lv == null ? null : layout.lvPath(lv.name());
    // What users of the device get: a DRBD device is its LV less DRBD's metadata.
    long capacity = drbd != null ? drbd.sizeBytes() : lv == null ? 0 : lv.sizeBytes();
    return new ObservedVolume(
        seen.name(),
        observedLv,
        observedDrbd,
        seen.targets().stream()
            .map(
                t ->
                    new ObservedVolume.ObservedExport(
                        t.iqn(), t.lun(), t.initiators(), t.portals(), t.chapUsername()))
            .toList(),
        device,
        capacity,
        initialization(lv, layout, init),
        seen.snapshots().stream().map(s -> snapshot(seen.name(), s, layout)).toList(),
        seen.dependents());
  }

  /** A snapshot LV as the node API shows it. */
  public static ObservedSnapshot snapshot(
      String volume, VolumeView.SnapshotLv s, HostLayout layout) {
    LogicalVolume lv = s.lv();
    return new ObservedSnapshot(
        lv.name(),
        volume,
        lv.kind() == LvKind.THIN ? Provisioning.THIN : Provisioning.THICK,
        lv.sizeBytes(),
        dataBytes(lv, layout),
        lv.dataPercent(),
        s.dependents());
  }

  /** The volume data a snapshot holds, from its tag; its whole size when the tag is missing. */
  static long dataBytes(LogicalVolume snapshot, HostLayout layout) {
    String prefix = layout.dataBytesTagPrefix();
    return snapshot.tags().stream()
        .filter(t -> t.startsWith(prefix))
        .map(t -> t.substring(prefix.length()))
        .filter(n -> n.matches("[0-9]{1,19}"))
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElse(snapshot.sizeBytes());
  }

  /** The initialisation under way, while the LV carries the init tag. */
  private static ObservedVolume.Initialization initialization(
      LogicalVolume lv, HostLayout layout, InitProgress init) {
    if (lv == null || !lv.hasTag(layout.initTag())) {
      return null;
    }
    String source =
        lv.tags().stream().map(layout::sourceOf).filter(s -> s != null).findFirst().orElse(null);
    boolean done = init.phase() == InitProgress.Phase.DONE;
    return new ObservedVolume.Initialization(
        source,
        done ? 100.0 : init.percent(),
        init.error(),
        init.phase() == InitProgress.Phase.REFUSED);
  }
}
