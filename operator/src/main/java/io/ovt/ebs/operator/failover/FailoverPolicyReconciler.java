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
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicyStatus;
import io.ovt.ebs.crds.replication.FailoverState;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.events.EventRecorder;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Reports which node a policy makes active and whether its pair is frozen. Switchover and automatic
 * failover build on this reconciler.
 */
public final class FailoverPolicyReconciler implements Reconciler<FailoverPolicy> {
  private final EventRecorder events;
  private final Clock clock;
  private ClusterView cluster;

  public FailoverPolicyReconciler(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, FailoverPolicy>> prepareEventSources(
      EventSourceContext<FailoverPolicy> context) {
    InformerEventSource<ReplicationPair, FailoverPolicy> pairs =
        Informers.of(
            ReplicationPair.class,
            context,
            Informers.toPrimaries(
                context,
                pair ->
                    p ->
                        p.getSpec() != null
                            && pair.getMetadata().getName().equals(p.getSpec().getPair())));
    InformerEventSource<StorageNode, FailoverPolicy> nodes =
        Informers.of(StorageNode.class, context, Informers.toPrimaries(context, node -> p -> true));
    cluster = new ClusterView(nodes, pairs, context.getPrimaryCache(), null);
    return List.of(pairs, nodes);
  }

  @Override
  public UpdateControl<FailoverPolicy> reconcile(
      FailoverPolicy policy, Context<FailoverPolicy> context) {
    FailoverPolicyStatus status =
        policy.getStatus() == null ? new FailoverPolicyStatus() : policy.getStatus();
    policy.setStatus(status);
    String before =
        Conditions.find(status, ConditionType.Ready).map(c -> c.getReason()).orElse(null);
    PolicyCheck.Verdict verdict = PolicyCheck.judge(policy.getSpec(), cluster::pair, cluster::node);
    boolean ready = verdict.reason() == PolicyReason.PolicyReady;
    if (ready) {
      status.setActiveNode(verdict.activeNode());
    }
    status.setState(
        Boolean.TRUE.equals(policy.getSpec().getFrozen())
            ? FailoverState.Frozen
            : FailoverState.Normal);
    Long generation = policy.getMetadata().getGeneration();
    Conditions.set(
        status,
        ConditionType.Ready,
        ConditionStatus.of(ready),
        verdict.reason(),
        verdict.message(),
        generation,
        clock.instant());
    status.setObservedGeneration(generation);
    if (!Objects.equals(before, verdict.reason().name())) {
      events.record(
          policy,
          ready ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
          verdict.reason(),
          verdict.message());
    }
    return UpdateControl.patchStatus(policy);
  }
}
