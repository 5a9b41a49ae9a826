package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.ReplicaStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Operation;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.util.List;
import java.util.Optional;

/**
 * Replication turned off ({@code spec.replication.enabled} false) for a replicated volume: its
 * primary drops the DRBD resource and keeps serving from its LV, then the peer's copy is removed
 * and the status forgets the pair. Refused while exported (the LUN's device would change under the
 * initiator), held while frozen, and only from an UpToDate primary. Once the primary dropped its
 * resource (Retype=False ReplicationRemoving) the volume is not converged as replicated again: the
 * step goes on with the peer until it is gone.
 */
final class VolumeReplicationOff {
  private final NodeApiFactory nodes;

  VolumeReplicationOff(NodeApiFactory nodes) {
    this.nodes = nodes;
  }

  /** What the step did. */
  sealed interface Step {}

  /** Not started; the volume is still replicated and converges as such. */
  record Held(Enum<?> reason, String message) implements Step {}

  /** Replication is off on the primary; the peer's copy is not removed yet: do not converge. */
  record Stalled(Enum<?> reason, String message) implements Step {}

  /** Done: the status no longer names a peer (not yet persisted). */
  record Done(String message) implements Step {}

  /** Whether a reconcile must look at this step: not replicated in spec, a peer in status. */
  static boolean applies(Volume volume) {
    return volume.getStatus().getSecondaryNode() != null
        && !VolumeValidation.isReplicated(volume.getSpec());
  }

  /**
   * Drops replication on the primary, then the peer's copy. Called once {@link #gate} let it start
   * and the start was recorded (Retype=False ReplicationRemoving), so a crash in between resumes
   * here instead of converging the volume as replicated again.
   */
  Step finish(Volume volume, ClusterView cluster) {
    VolumeStatus status = volume.getStatus();
    String primary = status.getPrimaryNode();
    String peer = status.getSecondaryNode();
    Optional<StorageNode> serving = cluster.node(primary);
    if (serving.isEmpty()) {
      return new Stalled(VolumeReason.NodeUnreachable, "StorageNode " + primary + " is missing");
    }
    try {
      nodes.forNode(serving.get()).dropReplication(status.getLocalName());
    } catch (NodeApiException e) {
      String why =
          primary + (e instanceof NodeRejectedException ? " refused: " : " is unreachable: ");
      Enum<?> reason =
          e instanceof NodeRejectedException
              ? VolumeReason.NodeRejected
              : VolumeReason.NodeUnreachable;
      return new Stalled(reason, "turning replication off on " + why + e.getMessage());
    }
    Optional<StorageNode> copy = cluster.node(peer);
    if (copy.isPresent()) {
      try {
        nodes.forNode(copy.get()).delete(status.getLocalName());
      } catch (NodeApiException e) {
        return new Stalled(
            e instanceof NodeRejectedException
                ? VolumeReason.NodeRejected
                : VolumeReason.NodeUnreachable,
            "replication is off on "
                + primary
                + ", which serves the volume from its LV; removing the copy on "
                + peer
                + " waits: "
                + e.getMessage());
      }
    }
    String pair = status.getPair();
    status.setSecondaryNode(null);
    status.setPair(null);
    status.setDrbd(null);
    status.setInitialSyncComplete(null);
    return new Done(
        "replication off: "
            + primary
            + " serves the volume from its LV alone; the copy on "
            + peer
            + (copy.isPresent() ? " is removed" : " went with its StorageNode")
            + " and pair "
            + pair
            + " no longer holds it");
  }

  /** Whether the primary may already have dropped its resource (the step began). */
  static boolean started(VolumeStatus status) {
    return Conditions.find(status, ConditionType.Retype)
        .map(c -> VolumeReason.ReplicationRemoving.name().equals(c.getReason()))
        .orElse(false);
  }

  /** Why turning replication off cannot start now, if it cannot. */
  static Optional<Held> gate(Volume volume, ClusterView cluster) {
    VolumeStatus status = volume.getStatus();
    List<String> exports =
        cluster
            .exportsOf(volume.getMetadata().getNamespace(), volume.getMetadata().getName())
            .stream()
            .map(e -> e.getMetadata().getName())
            .toList();
    if (!exports.isEmpty()) {
      return Optional.of(
          new Held(
              VolumeReason.ExportedVolume,
              "replication is turned off only while the volume is not exported (its iSCSI LUN"
                  + " moves from the DRBD device onto the LV): delete VolumeExport "
                  + String.join(", ", exports)
                  + " (detach it), and the peer is dropped then"));
    }
    if (LifecycleFreeze.of(cluster)
            .check(Operation.RETYPE, List.of(status.getPrimaryNode(), status.getSecondaryNode()))
        instanceof LifecycleFreeze.Held held) {
      return Optional.of(
          new Held(
              VolumeReason.LifecycleFrozen, held.message() + "; replication is turned off then"));
    }
    String disk =
        status.getReplicas().stream()
            .filter(r -> status.getPrimaryNode().equals(r.getNode()))
            .map(ReplicaStatus::getDiskState)
            .findFirst()
            .orElse(null);
    if (!DiskState.UpToDate.name().equals(disk)) {
      return Optional.of(
          new Held(
              VolumeReason.Syncing,
              "replication is turned off once "
                  + status.getPrimaryNode()
                  + " holds an up-to-date copy (it is "
                  + disk
                  + ")"));
    }
    return Optional.empty();
  }
}
