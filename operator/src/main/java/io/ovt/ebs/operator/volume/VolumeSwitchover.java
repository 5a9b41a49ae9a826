package io.ovt.ebs.operator.volume;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.events.EventRecorder;
import java.time.Clock;

/**
 * A planned switchover of one replicated volume to the node its failover policy makes active: only
 * from an in-sync volume, first demoting (and unexporting) the serving node, then recording the
 * swapped roles in status before the new primary is promoted and exported by the normal
 * convergence. A crash between the steps repeats the demotion, which is idempotent.
 */
final class VolumeSwitchover {
  private final VolumeConvergence convergence;
  private final EventRecorder events;
  private final Clock clock;

  VolumeSwitchover(VolumeConvergence convergence, EventRecorder events, Clock clock) {
    this.convergence = convergence;
    this.events = events;
    this.clock = clock;
  }

  /** The volume after a switchover step: persisted when roles were swapped, else as given. */
  Volume apply(Volume volume, ClusterView cluster, Context<Volume> context) {
    VolumeStatus status = volume.getStatus();
    if (status.getSecondaryNode() == null || cluster.pair(status.getPair()).isEmpty()) {
      return volume;
    }
    String active = cluster.activeNodeOf(cluster.pair(status.getPair()).get());
    Long generation = volume.getMetadata().getGeneration();
    if (active.equals(status.getPrimaryNode()) || !active.equals(status.getSecondaryNode())) {
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
            generation,
            clock.instant());
      }
      return volume;
    }
    if (status.getState() != VolumeState.Available) {
      Conditions.set(
          status,
          ConditionType.Switchover,
          ConditionStatus.False,
          VolumeReason.SwitchoverWaiting,
          "switchover to "
              + active
              + " waits until both replicas are UpToDate (now "
              + status.getState()
              + ")",
          generation,
          clock.instant());
      return volume;
    }
    NodeOutcome demoted = convergence.demotePrimary(volume, cluster);
    boolean secondary =
        demoted instanceof NodeOutcome.Observed seen
            && seen.volume().drbd() != null
            && seen.volume().drbd().role() == Role.SECONDARY
            && seen.volume().exports().isEmpty();
    if (!secondary) {
      Conditions.set(
          status,
          ConditionType.Switchover,
          ConditionStatus.False,
          VolumeReason.SwitchoverBlocked,
          "cannot demote " + status.getPrimaryNode() + ": " + describe(demoted),
          generation,
          clock.instant());
      return volume;
    }
    String from = status.getPrimaryNode();
    status.setPrimaryNode(active);
    status.setSecondaryNode(from);
    status.setTarget(null);
    Conditions.set(
        status,
        ConditionType.Switchover,
        ConditionStatus.True,
        VolumeReason.SwitchedOver,
        "switched over from " + from + " to " + active,
        generation,
        clock.instant());
    Volume persisted = VolumeReconciler.write(volume, context);

    events.record(
        persisted,
        EventRecorder.Type.Normal,
        VolumeReason.SwitchedOver,
        "switched over from " + from + " to " + active);
    return persisted;
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
