package io.ovt.ebs.operator.volume;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.failover.NodeLeases;
import io.ovt.ebs.operator.failover.PromotionSafety;
import io.ovt.ebs.operator.node.LeaseTerms;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Moves a replicated volume to the node its failover policy makes active. From a primary that
 * answers this is a planned switchover of an in-sync volume: demote (and unexport) the serving
 * node, then record the swapped roles before the new primary is promoted and exported by the normal
 * convergence. From a primary that is down it is a failover, done only when {@link PromotionSafety}
 * allows it. A crash between the steps repeats them; each is idempotent.
 */
final class VolumeSwitchover {
  private final VolumeConvergence convergence;
  private final NodeApiFactory nodes;
  private final NodeLeases leases;
  private final EventRecorder events;
  private final Clock clock;

  VolumeSwitchover(
      VolumeConvergence convergence,
      NodeApiFactory nodes,
      NodeLeases leases,
      EventRecorder events,
      Clock clock) {
    this.convergence = convergence;
    this.nodes = nodes;
    this.leases = leases;
    this.events = events;
    this.clock = clock;
  }

  /** The volume after a switchover step: persisted when roles were swapped, else as given. */
  Volume apply(Volume volume, ClusterView cluster, Context<Volume> context) {
    VolumeStatus status = volume.getStatus();
    Optional<ReplicationPair> pair = cluster.pair(status.getPair());
    if (status.getSecondaryNode() == null || pair.isEmpty()) {
      return volume;
    }
    String active = cluster.activeNodeOf(pair.get());
    if (active.equals(status.getPrimaryNode()) || !active.equals(status.getSecondaryNode())) {
      clearHeldBack(volume);
      return volume;
    }
    if (isDown(cluster.node(status.getPrimaryNode()))) {
      return failOver(volume, cluster, context, pair.get());
    }
    if (status.getState() != VolumeState.Available) {
      return held(
          volume,
          VolumeReason.SwitchoverWaiting,
          "switchover to "
              + active
              + " waits until both replicas are UpToDate (now "
              + status.getState()
              + ")");
    }
    NodeOutcome demoted = convergence.demotePrimary(volume, cluster);
    boolean secondary =
        demoted instanceof NodeOutcome.Observed seen
            && seen.volume().drbd() != null
            && seen.volume().drbd().role() == Role.SECONDARY
            && seen.volume().exports().isEmpty();
    if (!secondary) {
      return held(
          volume,
          VolumeReason.SwitchoverBlocked,
          "cannot demote " + status.getPrimaryNode() + ": " + describe(demoted));
    }
    return swap(volume, context, VolumeReason.SwitchedOver, "switched over");
  }

  /** The primary is down: promote the standby if, and only if, that is safe. */
  private Volume failOver(
      Volume volume, ClusterView cluster, Context<Volume> context, ReplicationPair pair) {
    VolumeStatus status = volume.getStatus();
    String primary = status.getPrimaryNode();
    String standby = status.getSecondaryNode();
    Duration lease =
        cluster
            .policyOf(pair.getMetadata().getName())
            .map(FailoverPolicy::getSpec)
            .map(LeaseTerms::leaseOf)
            .orElse(LeaseTerms.MANUAL_LEASE);
    Optional<ObservedVolume> seen;
    try {
      Optional<StorageNode> node = cluster.node(standby);
      if (node.isEmpty()) {
        return held(volume, VolumeReason.FailoverWaiting, "StorageNode " + standby + " is gone");
      }
      seen = nodes.forNode(node.get()).volume(status.getLocalName());
    } catch (NodeApiException e) {
      return held(
          volume,
          VolumeReason.FailoverWaiting,
          "neither " + primary + " nor " + standby + " answers: " + e.getMessage());
    }
    PromotionSafety.Verdict verdict =
        PromotionSafety.judge(
            primary,
            standby,
            leases.leaseLeft(primary, lease),
            seen,
            status.getSecondaryOutdatedSince());
    if (verdict instanceof PromotionSafety.Refuse refused) {
      return held(volume, VolumeReason.FailoverRefused, refused.message());
    }
    if (verdict instanceof PromotionSafety.Wait wait) {
      return held(volume, VolumeReason.FailoverWaiting, wait.message());
    }
    return swap(
        volume, context, VolumeReason.FailedOver, "failed over (" + verdict.message() + ")");
  }

  /** Records the swapped roles; the next convergence promotes and exports the new primary. */
  private Volume swap(Volume volume, Context<Volume> context, VolumeReason reason, String how) {
    VolumeStatus status = volume.getStatus();
    String from = status.getPrimaryNode();
    String to = status.getSecondaryNode();
    status.setPrimaryNode(to);
    status.setSecondaryNode(from);
    status.setTarget(null);
    status.setSecondaryOutdatedSince(null);
    String message = how + " from " + from + " to " + to;
    Conditions.set(
        status,
        ConditionType.Switchover,
        ConditionStatus.True,
        reason,
        message,
        volume.getMetadata().getGeneration(),
        clock.instant());
    Volume persisted = VolumeReconciler.write(volume, context);
    events.record(
        persisted,
        reason == VolumeReason.FailedOver ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
        reason,
        message);
    return persisted;
  }

  private Volume held(Volume volume, VolumeReason reason, String message) {
    VolumeStatus status = volume.getStatus();
    boolean news =
        Conditions.find(status, ConditionType.Switchover)
            .map(c -> !reason.name().equals(c.getReason()))
            .orElse(true);
    Conditions.set(
        status,
        ConditionType.Switchover,
        ConditionStatus.False,
        reason,
        message,
        volume.getMetadata().getGeneration(),
        clock.instant());
    if (news && reason == VolumeReason.FailoverRefused) {
      events.record(volume, EventRecorder.Type.Warning, reason, message);
    }
    return volume;
  }

  private void clearHeldBack(Volume volume) {
    VolumeStatus status = volume.getStatus();
    boolean wasHeldBack =
        Conditions.find(status, ConditionType.Switchover)
            .map(c -> "False".equals(c.getStatus()))
            .orElse(false);
    if (wasHeldBack) {
      Conditions.set(
          status,
          ConditionType.Switchover,
          ConditionStatus.True,
          VolumeReason.Available,
          "served by the active node " + status.getPrimaryNode(),
          volume.getMetadata().getGeneration(),
          clock.instant());
    }
  }

  /** A node whose heartbeats fail: calling it would only wait for a timeout. */
  static boolean isDown(Optional<StorageNode> node) {
    return node.map(n -> n.getStatus() != null && n.getStatus().getState() == NodeState.DOWN)
        .orElse(true);
  }

  private static String describe(NodeOutcome outcome) {
    if (outcome instanceof NodeOutcome.Rejected refused) {
      return refused.error().code() + ": " + refused.error().message();
    }
    if (outcome instanceof NodeOutcome.Unreachable down) {
      return "unreachable: " + down.message();
    }
    return "it did not become an unexported Secondary";
  }
}
