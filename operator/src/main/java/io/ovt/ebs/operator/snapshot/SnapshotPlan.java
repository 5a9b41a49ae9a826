package io.ovt.ebs.operator.snapshot;

import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.util.Objects;

/** How a snapshot of a volume can be taken now, decided from the volume's status alone. */
public sealed interface SnapshotPlan {
  /**
   * Both replicas at one point: hold the primary's I/O, snapshot the secondary, then the primary
   * under the same hold, then release.
   */
  record BothReplicas(String primary, String secondary) implements SnapshotPlan {}

  /** The primary alone; {@code why} tells the user why not the secondary too. */
  record PrimaryOnly(String primary, String why) implements SnapshotPlan {}

  /** Not now. */
  record Wait(SnapshotReason reason, String message) implements SnapshotPlan {}

  /** The plan for a volume in this state. */
  static SnapshotPlan of(String volumeName, VolumeStatus status) {
    if (status == null || status.getLocalName() == null || status.getPrimaryNode() == null) {
      return new Wait(SnapshotReason.VolumeNotReady, volumeName + " is not placed yet");
    }
    VolumeState state = status.getState();
    if (state == VolumeState.Syncing) {
      // Soon both replicas can hold the point; a degraded volume (peer lost) does not wait.
      return new Wait(
          SnapshotReason.VolumeNotReady,
          volumeName + " is syncing its replica; the snapshot waits to be taken on both");
    }
    if (state != VolumeState.Available && state != VolumeState.Degraded) {
      return new Wait(
          SnapshotReason.VolumeNotReady,
          volumeName + " is " + state + "; a snapshot needs its data in place on the primary");
    }
    String primary = status.getPrimaryNode();
    String secondary = status.getSecondaryNode();
    if (secondary == null) {
      return new PrimaryOnly(primary, null);
    }
    if (state == VolumeState.Degraded) {
      // Available means the primary sees its peer connected and UpToDate; anything less is not.
      return new PrimaryOnly(
          primary,
          "the volume is Degraded (its replica on "
              + secondary
              + " is not in sync), so that replica cannot hold the same point");
    }
    String protocol =
        status.getDrbd() == null ? null : Objects.toString(status.getDrbd().getProtocol(), null);
    if (!"B".equals(protocol) && !"C".equals(protocol)) {
      return new PrimaryOnly(
          primary,
          "with asynchronous replication (DRBD protocol "
              + protocol
              + ") nothing proves the replica on "
              + secondary
              + " has every write the primary completed");
    }
    return new BothReplicas(primary, secondary);
  }
}
