package io.ovt.ebs.operator.volume;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.ReplicaStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.operator.allocation.AllocationLedger;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Operation;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.time.Clock;
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
  private final AllocationLedger ledger;
  private final EventRecorder events;
  private final Clock clock;

  VolumeReplicationOff(
      NodeApiFactory nodes, AllocationLedger ledger, EventRecorder events, Clock clock) {
    this.nodes = nodes;
    this.ledger = ledger;
    this.events = events;
    this.clock = clock;
  }

  /** The volume after {@link #apply}, and why it stopped if the peer is not gone yet. */
  record Progress(Volume volume, Stalled stalled) {}

  /**
   * Turns replication off as far as it goes now, writing the status as it goes: held (the Retype
   * condition says why; the volume converges as replicated), stalled after the primary dropped
   * DRBD, or done (the status names no peer).
   */
  Progress apply(Volume volume, Context<Volume> context, ClusterView cluster) {
    if (!started(volume.getStatus())) {
      Optional<Held> held = gate(volume, cluster);
      if (held.isPresent()) {
        VolumeReplicationOn.set(
            volume,
            ConditionStatus.False,
            held.get().reason(),
            held.get().message(),
            clock.instant());
        return new Progress(volume, null);
      }
      // Recorded before any node is asked, so a crash resumes the step instead of undoing it.
      VolumeReplicationOn.set(
          volume,
          ConditionStatus.False,
          VolumeReason.ReplicationRemoving,
          "turning replication off: " + volume.getStatus().getPrimaryNode() + " drops DRBD",
          clock.instant());
      volume = VolumeReconciler.write(volume, context);
    }
    Step step = finish(volume, cluster);
    if (step instanceof Stalled stalled) {
      VolumeReplicationOn.set(
          volume,
          ConditionStatus.False,
          VolumeReason.ReplicationRemoving,
          stalled.message(),
          clock.instant());
      return new Progress(volume, stalled);
    }
    String done = ((Done) step).message();
    ledger.release(volume.getMetadata().getUid());
    VolumeReplicationOn.set(
        volume, ConditionStatus.True, VolumeReason.ReplicationRemoved, done, clock.instant());
    Volume persisted = VolumeReconciler.write(volume, context);
    events.record(persisted, EventRecorder.Type.Normal, VolumeReason.ReplicationRemoved, done);
    return new Progress(persisted, null);
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
    List<String> exports = VolumeReplicationOn.exportNames(volume, cluster);
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
