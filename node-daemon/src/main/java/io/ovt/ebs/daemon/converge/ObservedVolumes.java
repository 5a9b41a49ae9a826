package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;

/** Maps a host's view of a volume to the node API's observed volume. */
final class ObservedVolumes {
  private ObservedVolumes() {}

  static ObservedVolume of(VolumeView seen, HostLayout layout) {
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
                drbd.peerFencedAt());

    String device =
        seen.config() != null
            ? seen.config().devicePath()
            : lv == null ? null : layout.lvPath(lv.name());
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
        device);
  }
}
