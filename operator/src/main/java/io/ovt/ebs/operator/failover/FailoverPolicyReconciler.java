package io.ovt.ebs.operator.failover;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicyStatus;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.replication.FailoverTrigger;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.node.HeartbeatChanges;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Reconciles a FailoverPolicy: validates it, fails the pair over automatically when its active node
 * is lost and that is safe ({@link FailoverDecision}), records every failover and planned
 * switchover with its duration, and reports the pair's state. The volumes themselves move in the
 * Volume reconciler, each judged by {@link PromotionSafety}.
 */
public final class FailoverPolicyReconciler implements Reconciler<FailoverPolicy> {
  private final EventRecorder events;
  private final Clock clock;
  private final OperatorSettings settings;
  private final AutomaticFailover automatic;
  private final FailoverObserver observer;
  private ClusterView cluster;

  public FailoverPolicyReconciler(
      NodeApiFactory nodes,
      NodeLeases leases,
      EventRecorder events,
      OperatorSettings settings,
      Clock clock,
      FailoverObserver observer) {
    this.observer = observer;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.automatic = new AutomaticFailover(nodes, leases);
  }

  @Override
  public List<EventSource<?, FailoverPolicy>> prepareEventSources(
      EventSourceContext<FailoverPolicy> context) {
    InformerEventSource<ReplicationPair, FailoverPolicy> pairs =
        Informers.of(
            ReplicationPair.class,
            context,
            Informers.toPrimaries(context, pair -> p -> onPair(p, pair.getMetadata().getName())));
    InformerEventSource<StorageNode, FailoverPolicy> nodes =
        Informers.of(
            StorageNode.class,
            context,
            Informers.toPrimaries(context, node -> p -> true),
            HeartbeatChanges.ignored());
    InformerEventSource<Volume, FailoverPolicy> volumes =
        Informers.of(
            Volume.class,
            context,
            Informers.toPrimaries(
                context,
                volume ->
                    p -> volume.getStatus() != null && onPair(p, volume.getStatus().getPair())));
    cluster = new ClusterView(nodes, pairs, context.getPrimaryCache(), volumes);
    return List.of(pairs, nodes, volumes);
  }

  @Override
  public UpdateControl<FailoverPolicy> reconcile(
      FailoverPolicy policy, Context<FailoverPolicy> context) {
    FailoverPolicyStatus status =
        policy.getStatus() == null ? new FailoverPolicyStatus() : policy.getStatus();
    policy.setStatus(status);
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    Instant now = clock.instant();
    String before =
        Conditions.find(status, ConditionType.Ready).map(c -> c.getReason()).orElse(null);
    PolicyCheck.Verdict verdict = PolicyCheck.judge(policy.getSpec(), cluster::pair, cluster::node);
    if (verdict.reason() != PolicyReason.PolicyReady) {
      setReady(policy, false, verdict.reason(), verdict.message(), before);
      return UpdateControl.patchStatus(policy);
    }
    String active = verdict.activeNode();
    ReplicationPair pair = cluster.pair(policy.getSpec().getPair()).orElseThrow();
    FailoverRecord record = status.getLastFailover();
    if (FailoverRecords.inProgress(record)
        && record.getTrigger() == FailoverTrigger.Automatic
        && record.getFrom().equals(active)) {
      // The record was written but not the spec (the operator stopped in between): finish.
      return FailoverWrites.applySpec(policy, record, cluster, context);
    }
    if (status.getActiveNode() != null && !status.getActiveNode().equals(active)) {
      if (!FailoverRecords.inProgress(record) || !active.equals(record.getTo())) {
        record =
            FailoverRecords.planned(
                status.getActiveNode(), active, policy.getSpec().getActiveBackend(), now);
        observer.started(record);
        events.record(
            policy,
            EventRecorder.Type.Normal,
            PolicyReason.PlannedSwitchover,
            "moving from " + status.getActiveNode() + " to " + active + ": " + record.getReason());
      }
    }
    status.setActiveNode(active);
    List<Volume> volumes = replicatedVolumes(pair);
    String standby =
        pair.getSpec().getNodes().stream().filter(n -> !n.equals(active)).findFirst().orElse(null);
    FailoverDecision.Decision decision = null;
    if (!FailoverRecords.inProgress(record)
        && Boolean.TRUE.equals(policy.getSpec().getAutomatic())
        && standby != null) {
      List<Volume> served =
          volumes.stream().filter(v -> active.equals(v.getStatus().getPrimaryNode())).toList();
      decision = automatic.decide(policy.getSpec(), active, standby, served, cluster);
      if (decision instanceof FailoverDecision.FailOver go) {
        FailoverRecord started = FailoverRecords.automatic(active, go.to(), go.message(), now);
        events.record(
            policy, EventRecorder.Type.Warning, PolicyReason.AutomaticFailover, go.message());
        return FailoverWrites.start(policy, started, cluster, context, observer);
      }
    }
    boolean wasInProgress = FailoverRecords.inProgress(record);
    String returning = record == null ? null : record.getFrom();
    PolicyProgress progress = PolicyProgress.of(volumes, active, returning);
    record = FailoverRecords.finishIfDone(record, progress, now);
    status.setLastFailover(record);
    if (wasInProgress && !FailoverRecords.inProgress(record)) {
      observer.completed(record);
      events.record(
          policy,
          EventRecorder.Type.Normal,
          PolicyReason.FailoverComplete,
          progress.served()
              + " volumes served by "
              + active
              + " after "
              + record.getDurationMillis()
              + " ms"
              + (progress.refused() > 0 ? "; " + progress.refused() + " refused to move" : ""));
    }
    PolicyStates.State state = PolicyStates.of(policy.getSpec(), record, progress, isUp(returning));
    status.setState(state.state());
    reportServing(policy, active, progress, decision);
    setReady(policy, true, state.reason(), verdict.message() + state.detail(), before);
    return UpdateControl.patchStatus(policy).rescheduleAfter(next(policy));
  }

  /** A pair with automatic failover is looked at every heartbeat. */
  private Duration next(FailoverPolicy policy) {
    if (!Boolean.TRUE.equals(policy.getSpec().getAutomatic())) {
      return settings.steadyRequeue();
    }
    Integer beat = policy.getSpec().getHeartbeatIntervalSeconds();
    Duration interval = Duration.ofSeconds(beat == null ? 2 : beat);
    return interval.compareTo(settings.heartbeatInterval()) < 0
        ? interval
        : settings.heartbeatInterval();
  }

  /** The Switchover condition: is every volume served by the active node, and if not, why. */
  private void reportServing(
      FailoverPolicy policy,
      String active,
      PolicyProgress progress,
      FailoverDecision.Decision decision) {
    boolean all = progress.pending() == 0 && progress.refused() == 0;
    Enum<?> reason;
    String message;
    if (decision instanceof FailoverDecision.Wait wait) {
      reason = wait.reason();
      message = wait.message();
      all = false;
    } else if (all) {
      reason = PolicyReason.FailoverComplete;
      message = "all " + progress.total() + " replicated volumes are served by " + active;
    } else {
      reason =
          progress.refused() > 0 ? PolicyReason.StandbyOutdated : PolicyReason.PlannedSwitchover;
      message =
          progress.served()
              + " of "
              + progress.total()
              + " volumes served by "
              + active
              + ", "
              + progress.pending()
              + " moving, "
              + progress.refused()
              + " refused (see their Switchover condition)";
    }
    Conditions.set(
        policy.getStatus(),
        ConditionType.Switchover,
        ConditionStatus.of(all),
        reason,
        message,
        policy.getMetadata().getGeneration(),
        clock.instant());
  }

  private void setReady(
      FailoverPolicy policy, boolean ready, Enum<?> reason, String message, String before) {
    Conditions.set(
        policy.getStatus(),
        ConditionType.Ready,
        ConditionStatus.of(ready),
        reason,
        message,
        policy.getMetadata().getGeneration(),
        clock.instant());
    if (!Objects.equals(before, reason.name())) {
      events.record(
          policy, ready ? EventRecorder.Type.Normal : EventRecorder.Type.Warning, reason, message);
    }
  }

  private List<Volume> replicatedVolumes(ReplicationPair pair) {
    String name = pair.getMetadata().getName();
    return cluster
        .volumes()
        .filter(v -> v.getStatus() != null && name.equals(v.getStatus().getPair()))
        .filter(v -> v.getStatus().getSecondaryNode() != null)
        .filter(v -> v.getStatus().getLocalName() != null)
        .toList();
  }

  private boolean isUp(String node) {
    return node != null
        && cluster
            .node(node)
            .map(n -> n.getStatus() != null && n.getStatus().getState() == NodeState.UP)
            .orElse(false);
  }

  private static boolean onPair(FailoverPolicy policy, String pair) {
    return policy.getSpec() != null && pair != null && pair.equals(policy.getSpec().getPair());
  }
}
