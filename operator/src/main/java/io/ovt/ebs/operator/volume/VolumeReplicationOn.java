package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Operation;
import io.ovt.ebs.operator.placement.PlacementResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Replication turned on ({@code spec.replication.enabled} true) for a volume placed alone: a peer
 * on a pair holding its node joins, and DRBD's full sync gives it the data; the node keeps serving
 * throughout. Refused while the volume is exported (its iSCSI LUN would move from the LV onto the
 * DRBD device under the initiator) and held while the pair is frozen; the volume then keeps serving
 * unreplicated and the Retype condition says why.
 */
final class VolumeReplicationOn {
  private VolumeReplicationOn() {}

  /** What the step decided. */
  sealed interface Step {}

  /** Nothing to do: the volume is not a placed unreplicated one asked to replicate. */
  record None() implements Step {}

  /** Waits or is refused; the volume serves as it is. */
  record Held(Enum<?> reason, String message) implements Step {}

  /** A peer was placed into the status (not yet persisted). */
  record PeerPlaced(String message) implements Step {}

  /** Whether a reconcile must look at this step: replicated in spec, alone in status. */
  static boolean applies(Volume volume) {
    VolumeStatus status = volume.getStatus();
    return status.getLocalName() != null
        && status.getSecondaryNode() == null
        && VolumeValidation.isReplicated(volume.getSpec());
  }

  /** Places the peer, or says why not now. */
  static Step decide(Volume volume, ClusterView cluster, VolumePlacer placer) {
    if (!applies(volume)) {
      return new None();
    }
    String node = volume.getStatus().getPrimaryNode();
    List<String> exports = VolumeReplicationOn.exportNames(volume, cluster);
    if (!exports.isEmpty()) {
      return new Held(
          VolumeReason.ExportedVolume,
          "replication is turned on only while the volume is not exported (its iSCSI LUN moves"
              + " from the LV onto the DRBD device): delete VolumeExport "
              + String.join(", ", exports)
              + " (detach it), and the peer is added then");
    }
    if (LifecycleFreeze.of(cluster).check(Operation.RETYPE, List.of(node))
        instanceof LifecycleFreeze.Held held) {
      return new Held(
          VolumeReason.LifecycleFrozen, held.message() + "; replication is turned on then");
    }
    PlacementResult placed = placer.addPeer(volume, cluster);
    if (placed instanceof PlacementResult.Unplaceable no) {
      return new Held(no.reason(), "no peer for the volume: " + no.message());
    }
    VolumeStatus status = volume.getStatus();
    status.setInitialSyncComplete(false);
    return new PeerPlaced(
        "replication turned on: "
            + status.getSecondaryNode()
            + " joins as peer on pair "
            + status.getPair()
            + " (DRBD minor "
            + status.getDrbd().getMinor()
            + "), a full sync from "
            + node
            + " gives it the data");
  }

  /** The VolumeExports of the volume, by name: replication changes wait until there are none. */
  static List<String> exportNames(Volume volume, ClusterView cluster) {
    return cluster
        .exportsOf(volume.getMetadata().getNamespace(), volume.getMetadata().getName())
        .stream()
        .map(e -> e.getMetadata().getName())
        .toList();
  }

  /** Keeps the Retype condition of a volume whose peer joined; answers an event once synced. */
  static Optional<String> report(Volume volume, Instant now) {
    VolumeStatus status = volume.getStatus();
    boolean adding =
        Conditions.find(status, ConditionType.Retype)
            .map(c -> VolumeReason.ReplicationAdding.name().equals(c.getReason()))
            .orElse(false);
    if (!adding || !Boolean.TRUE.equals(status.getInitialSyncComplete())) {
      return Optional.empty();
    }
    String done = "replication on: " + status.getSecondaryNode() + " holds a full copy, in sync";
    set(volume, ConditionStatus.True, VolumeReason.ReplicationAdded, done, now);
    return Optional.of(done);
  }

  static void set(
      Volume volume, ConditionStatus value, Enum<?> reason, String message, Instant now) {
    Conditions.set(
        volume.getStatus(),
        ConditionType.Retype,
        value,
        reason,
        message,
        volume.getMetadata().getGeneration(),
        now);
  }
}
