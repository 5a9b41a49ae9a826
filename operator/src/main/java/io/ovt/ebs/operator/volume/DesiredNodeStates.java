package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.DesiredDrbd;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.DesiredSource;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.Sizes;
import java.util.List;

/** Turns a placed Volume into the desired local state of each of its nodes. Pure. */
public final class DesiredNodeStates {
  private DesiredNodeStates() {}

  /** The desired state of a volume that is not replicated, on its one node, with its exports. */
  public static DesiredVolume single(Volume volume, List<DesiredExport> exports) {
    return single(volume, exports, null);
  }

  /** The same, for a volume whose LV starts as a copy of {@code source} (null for none). */
  public static DesiredVolume single(
      Volume volume, List<DesiredExport> exports, DesiredSource source) {
    return new DesiredVolume(
        volume.getStatus().getLocalName(),
        Sizes.bytes(volume.getSpec().getSize()),
        provisioning(volume.getSpec().getProvisioning()),
        null,
        exports,
        source);
  }

  /**
   * The desired state of one replica of a replicated volume.
   *
   * @param primary whether {@code self} is the serving node
   * @param mode the replication mode (the volume's override, else the pair's)
   * @param resyncRate the pair's resync rate, e.g. 100M
   * @param exports the primary's iSCSI exports; ignored for the secondary, which never exports
   */
  public static DesiredVolume replica(
      Volume volume,
      boolean primary,
      NodeEndpoint self,
      NodeEndpoint peer,
      ReplicationMode mode,
      String resyncRate,
      List<DesiredExport> exports) {
    return replica(volume, primary, self, peer, mode, resyncRate, exports, null);
  }

  /**
   * The same, for a volume whose primary's LV starts as a copy of {@code source} (null for none;
   * ignored for the secondary, which gets the data by DRBD's full sync).
   */
  public static DesiredVolume replica(
      Volume volume,
      boolean primary,
      NodeEndpoint self,
      NodeEndpoint peer,
      ReplicationMode mode,
      String resyncRate,
      List<DesiredExport> exports,
      DesiredSource source) {
    VolumeStatus status = volume.getStatus();
    Provisioning provisioning = volume.getSpec().getProvisioning();
    InitialSync initial = null;
    if (!Boolean.TRUE.equals(status.getInitialSyncComplete())) {
      // Fresh thin LVs read as zeros on both sides, so their first sync can be skipped safely;
      // a volume made from a source holds data on its primary only, so its peer needs all of it.
      boolean zeroed = provisioning == Provisioning.THIN && volume.getSpec().getSource() == null;
      initial = zeroed ? InitialSync.ZEROED : InitialSync.FULL;
    }
    return new DesiredVolume(
        status.getLocalName(),
        Sizes.bytes(volume.getSpec().getSize()),
        provisioning(provisioning),
        new DesiredDrbd(
            status.getDrbd().getMinor(),
            status.getDrbd().getPort(),
            DrbdProtocol.valueOf(String.valueOf(mode.drbdProtocol())),
            self.replicationAddress(),
            new DesiredDrbd.DrbdPeer(peer.hostname(), peer.replicationAddress()),
            primary ? Role.PRIMARY : Role.SECONDARY,
            Sizes.rateKiB(resyncRate),
            initial),
        primary ? exports : List.of(),
        primary ? source : null);
  }

  private static io.ovt.ebs.nodeapi.Provisioning provisioning(Provisioning provisioning) {
    return provisioning == Provisioning.THIN
        ? io.ovt.ebs.nodeapi.Provisioning.THIN
        : io.ovt.ebs.nodeapi.Provisioning.THICK;
  }
}
