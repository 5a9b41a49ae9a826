package io.ovt.ebs.operator.volume;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.Sizes;
import io.ovt.ebs.operator.allocation.AllocationLedger;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Operation;
import io.ovt.ebs.operator.failover.NodeLeases;
import io.ovt.ebs.operator.node.NodeApiFactory;
import io.ovt.ebs.operator.placement.Placement;
import io.ovt.ebs.operator.placement.PlacementResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles a Volume: validate, place and allocate (recorded in status before use), converge both
 * replicas through their daemons, report. Deletion removes every trace through a finalizer.
 */
public final class VolumeReconciler implements Reconciler<Volume>, Cleaner<Volume> {
  private final OperatorSettings settings;
  private final AllocationLedger ledger;
  private final EventRecorder events;
  private final Clock clock;
  private final VolumePlacer placer;
  private final VolumeConvergence convergence;
  private final VolumeCleanup cleanup;
  private final VolumeReplicationOff replicationOff;
  private final VolumeSwitchover switchover;

  private ClusterView cluster;

  public VolumeReconciler(
      NodeApiFactory nodes,
      AllocationLedger ledger,
      EventRecorder events,
      OperatorSettings settings,
      Clock clock,
      NodeLeases leases) {
    this.settings = settings;
    this.ledger = ledger;
    this.events = events;
    this.clock = clock;
    this.placer = new VolumePlacer(new Placement(settings.thinOvercommit()), ledger);
    this.convergence = new VolumeConvergence(nodes);
    this.cleanup = new VolumeCleanup(nodes);
    this.replicationOff = new VolumeReplicationOff(nodes, ledger, events, clock);
    this.switchover = new VolumeSwitchover(convergence, nodes, leases, events, clock);
  }

  @Override
  public List<EventSource<?, Volume>> prepareEventSources(EventSourceContext<Volume> context) {
    VolumeEventSources sources = VolumeEventSources.of(context);
    cluster = sources.cluster();
    return sources.sources();
  }

  @Override
  public UpdateControl<Volume> reconcile(Volume volume, Context<Volume> context) {
    if (volume.getStatus() == null) {
      volume.setStatus(new VolumeStatus());
    }
    VolumeStatus status = volume.getStatus();
    String before = readyReason(status);
    VolumeState stateBefore = status.getState();
    List<String> problems = VolumeValidation.problems(volume);
    if (!problems.isEmpty()) {
      return pending(
          volume, context, before, VolumeReason.InvalidSpec, String.join("; ", problems), null);
    }
    VolumeSource source = volume.getSpec().getSource();
    VolumeSources.Found from = null;
    if (source != null && !Boolean.TRUE.equals(status.getSourceCopied())) {
      VolumeSources.Resolution resolution = VolumeSources.resolve(volume, cluster);
      if (resolution instanceof VolumeSources.Waiting wait) {
        return pending(
            volume, context, before, wait.reason(), wait.message(), settings.pendingRequeue());
      }
      if (resolution instanceof VolumeSources.Refused no) {
        return pending(volume, context, before, no.reason(), no.message(), null);
      }
      from = (VolumeSources.Found) resolution;
    }
    if (status.getLocalName() == null) {
      PlacementResult placed = placer.place(volume, cluster, from == null ? null : from.nodes());
      if (placed instanceof PlacementResult.Unplaceable no) {
        return pending(
            volume, context, before, no.reason(), no.message(), settings.pendingRequeue());
      }
      volume = persistPlacement(volume, context);
      status = volume.getStatus();
    }
    if (VolumeReplicationOff.applies(volume)) {
      VolumeReplicationOff.Progress off = replicationOff.apply(volume, context, cluster);
      if (off.stalled() != null) {
        // The primary dropped DRBD; converging it as replicated now would undo that.
        return pending(
            off.volume(),
            context,
            before,
            off.stalled().reason(),
            off.stalled().message(),
            settings.pendingRequeue());
      }
      volume = off.volume();
      status = volume.getStatus();
    }
    VolumeReplicationOn.Step peer = VolumeReplicationOn.decide(volume, cluster, placer);
    if (peer instanceof VolumeReplicationOn.PeerPlaced added) {
      VolumeReplicationOn.set(
          volume,
          ConditionStatus.False,
          VolumeReason.ReplicationAdding,
          added.message(),
          clock.instant());
      volume = persistPlacement(volume, context);
      status = volume.getStatus();
      events.record(
          volume, EventRecorder.Type.Normal, VolumeReason.ReplicationAdding, added.message());
    } else if (peer instanceof VolumeReplicationOn.Held held) {
      VolumeReplicationOn.set(
          volume, ConditionStatus.False, held.reason(), held.message(), clock.instant());
    }
    long asked = Sizes.bytes(volume.getSpec().getSize());
    Long requested = status.getRequestedSizeBytes();
    if (requested != null && asked < requested) {
      // The schema refuses this where the API server runs CEL; this is for those that do not.
      return pending(
          volume,
          context,
          before,
          VolumeReason.ShrinkRefused,
          "spec.size "
              + volume.getSpec().getSize()
              + " is smaller than the volume ("
              + Sizes.human(requested)
              + "); shrinking would destroy data, set it back to at least that",
          null);
    }
    Optional<PlacementResult.Unplaceable> growthRefused = Optional.empty();
    if (requested == null || asked > requested) {
      growthRefused =
          requested == null ? Optional.empty() : placer.growthProblem(volume, cluster, requested);
      if (growthRefused.isEmpty()) {
        volume = acceptSize(volume, context, requested, asked);
        status = volume.getStatus();
      }
    }
    volume = switchover.apply(volume, cluster, context);
    status = volume.getStatus();
    VolumeConvergence.Outcomes outcomes =
        convergence.converge(volume, cluster, from == null ? null : from.desired());
    VolumeReport.apply(volume, outcomes.primary(), outcomes.secondary(), clock.instant());
    if (growthRefused.isPresent()) {
      // The volume keeps serving at its size; Ready says why it does not grow.
      Conditions.set(
          status,
          ConditionType.Ready,
          ConditionStatus.False,
          growthRefused.get().reason(),
          "cannot grow to " + volume.getSpec().getSize() + ": " + growthRefused.get().message(),
          volume.getMetadata().getGeneration(),
          clock.instant());
    }
    Optional<String> retyped =
        VolumeRetype.report(
            status, outcomes, volume.getMetadata().getGeneration(), clock.instant());
    if (retyped.isPresent()) {
      events.record(volume, EventRecorder.Type.Normal, VolumeReason.Retyped, retyped.get());
    }
    Optional<String> peerSynced = VolumeReplicationOn.report(volume, clock.instant());
    if (peerSynced.isPresent()) {
      events.record(
          volume, EventRecorder.Type.Normal, VolumeReason.ReplicationAdded, peerSynced.get());
    }
    announce(volume, before);
    Duration next = VolumeRequeue.after(stateBefore, status, settings);
    write(volume, context);
    return UpdateControl.<Volume>noUpdate().rescheduleAfter(next);
  }

  @Override
  public DeleteControl cleanup(Volume volume, Context<Volume> context) {
    List<VolumeExport> exports =
        cluster.exportsOf(volume.getMetadata().getNamespace(), volume.getMetadata().getName());
    List<String> live =
        exports.stream()
            .filter(e -> e.getMetadata().getDeletionTimestamp() == null)
            .map(e -> e.getMetadata().getName())
            .toList();
    List<String> blockers;
    VolumeReason reason = VolumeReason.DeleteBlocked;
    if (!live.isEmpty()) {
      blockers =
          List.of(
              "exported by VolumeExport " + String.join(", ", live) + "; delete the exports first");
    } else if (!exports.isEmpty()) {
      // Exports on their way out: take their ACLs away so they can finish, then remove the volume.
      VolumeConvergence.Outcomes outcomes = convergence.converge(volume, cluster);
      if (outcomes.primary().outcome() instanceof NodeOutcome.Observed seen) {
        volume.getStatus().setTarget(VolumeReport.target(outcomes.primary().node(), seen.volume()));
      }

      blockers =
          List.of(
              "waiting for its exports to be removed from " + volume.getStatus().getPrimaryNode());
    } else if (LifecycleFreeze.of(cluster).check(Operation.DELETE, volume)
        instanceof LifecycleFreeze.Held held) {
      // Exports may still go (data access) but the volume stays on its nodes until the thaw.
      reason = VolumeReason.LifecycleFrozen;
      blockers = List.of(held.message());
    } else {
      blockers = cleanup.remove(volume, cluster);
    }

    if (blockers.isEmpty()) {
      ledger.release(volume.getMetadata().getUid());
      events.record(
          volume, EventRecorder.Type.Normal, VolumeReason.Deleting, "removed from its nodes");
      return DeleteControl.defaultDelete();
    }
    String message = String.join("; ", blockers);
    VolumeStatus status = volume.getStatus() == null ? new VolumeStatus() : volume.getStatus();
    volume.setStatus(status);
    if (!Objects.equals(readyReason(status), reason.name())) {
      events.record(volume, EventRecorder.Type.Warning, reason, message);
    }
    status.setState(VolumeState.Deleting);
    Conditions.set(
        status,
        ConditionType.Ready,
        ConditionStatus.False,
        reason,
        message,
        volume.getMetadata().getGeneration(),
        clock.instant());
    try {
      write(volume, context);
    } catch (RuntimeException e) {

      // The status is only information here; the retry below is what matters.
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.pendingRequeue());
  }

  /**
   * Records the size the nodes are to have before any node hears of it, so a restarted operator
   * finishes a growth that has begun instead of judging its room again.
   */
  private Volume acceptSize(Volume volume, Context<Volume> context, Long from, long to) {
    volume.getStatus().setRequestedSizeBytes(to);
    Volume persisted = write(volume, context);
    if (from != null) {
      events.record(
          persisted,
          EventRecorder.Type.Normal,
          VolumeReason.Extending,
          "growing from " + Sizes.human(from) + " to " + Sizes.human(to));
    }
    return persisted;
  }

  /** Writes placement and DRBD slot to the API server before any node hears of them. */
  private Volume persistPlacement(Volume volume, Context<Volume> context) {
    VolumeStatus status = volume.getStatus();
    status.setState(VolumeState.Creating);
    String where =
        status.getSecondaryNode() == null
            ? "on " + status.getPrimaryNode() + " (not replicated)"
            : "on pair "
                + status.getPair()
                + ": primary "
                + status.getPrimaryNode()
                + ", secondary "
                + status.getSecondaryNode()
                + ", DRBD minor "
                + status.getDrbd().getMinor()
                + " port "
                + status.getDrbd().getPort();
    Conditions.set(
        status,
        ConditionType.Placed,
        ConditionStatus.True,
        VolumeReason.Placed,
        "placed " + where,
        volume.getMetadata().getGeneration(),
        clock.instant());
    // Optimistic locking: a concurrent writer makes this fail and the reconcile retry.
    Volume persisted = write(volume, context);
    events.record(persisted, EventRecorder.Type.Normal, VolumeReason.Placed, "placed " + where);
    return persisted;
  }

  private UpdateControl<Volume> pending(
      Volume volume,
      Context<Volume> context,
      String before,
      Enum<?> reason,
      String message,
      Duration retry) {
    VolumeStatus status = volume.getStatus();
    if (status.getState() == null || status.getLocalName() == null) {
      status.setState(VolumeState.Pending);
    }
    Conditions.set(
        status,
        ConditionType.Ready,
        ConditionStatus.False,
        reason,
        message,
        volume.getMetadata().getGeneration(),
        clock.instant());
    status.setObservedGeneration(volume.getMetadata().getGeneration());
    announce(volume, before);
    write(volume, context);
    UpdateControl<Volume> control = UpdateControl.noUpdate();
    return retry == null ? control : control.rescheduleAfter(retry);
  }

  private void announce(Volume volume, String before) {
    VolumeStatus status = volume.getStatus();
    String after = readyReason(status);
    if (Objects.equals(before, after)) {
      return;
    }
    var ready = Conditions.find(status, ConditionType.Ready).orElseThrow();
    boolean bad =
        status.getState() == VolumeState.Error
            || status.getState() == VolumeState.Pending
            || status.getState() == VolumeState.Degraded;
    events.record(
        volume,
        bad ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
        after,
        ready.getMessage());
  }

  /**
   * Writes the status with optimistic locking and puts the result in the controller's cache, so the
   * next reconcile starts from it. (A JOSDK status patch at the end would be computed against the
   * resource as the reconcile began, which is wrong once placement or a switchover wrote.)
   */
  static Volume write(Volume volume, Context<Volume> context) {
    VolumeStatus status = volume.getStatus();
    return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        volume,
        context,
        fresh -> {
          // cinder-sync's condition is its own: whatever it last wrote stays.
          Conditions.carryOver(fresh.getStatus(), status, ConditionType.CinderSynced);
          fresh.setStatus(status);
          return fresh;
        });
  }

  private static String readyReason(VolumeStatus status) {
    return Conditions.find(status, ConditionType.Ready).map(c -> c.getReason()).orElse(null);
  }
}
