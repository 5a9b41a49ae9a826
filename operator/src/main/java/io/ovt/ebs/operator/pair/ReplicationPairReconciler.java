package io.ovt.ebs.operator.pair;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.node.HeartbeatChanges;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Reports whether a pair can take volumes and how its volumes replicate. */
public final class ReplicationPairReconciler implements Reconciler<ReplicationPair> {
  private final EventRecorder events;
  private final OperatorSettings settings;
  private final Clock clock;
  private ClusterView cluster;

  public ReplicationPairReconciler(EventRecorder events, OperatorSettings settings, Clock clock) {
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ReplicationPair>> prepareEventSources(
      EventSourceContext<ReplicationPair> context) {
    InformerEventSource<StorageNode, ReplicationPair> nodes =
        Informers.of(
            StorageNode.class,
            context,
            Informers.toPrimaries(
                context,
                node ->
                    pair ->
                        pair.getSpec() != null
                            && pair.getSpec().getNodes().contains(node.getMetadata().getName())),
            HeartbeatChanges.ignored());
    InformerEventSource<Volume, ReplicationPair> volumes =
        Informers.of(
            Volume.class,
            context,
            v ->
                v.getStatus() == null || v.getStatus().getPair() == null
                    ? Set.of()
                    : Set.of(new ResourceID(v.getStatus().getPair())));
    cluster = new ClusterView(nodes, context.getPrimaryCache(), null, volumes);
    return List.of(nodes, volumes);
  }

  @Override
  public UpdateControl<ReplicationPair> reconcile(
      ReplicationPair pair, Context<ReplicationPair> context) {
    ReplicationPairStatus status =
        pair.getStatus() == null ? new ReplicationPairStatus() : pair.getStatus();
    pair.setStatus(status);
    String before =
        Conditions.find(status, ConditionType.Ready).map(c -> c.getReason()).orElse(null);
    PairCheck.Verdict verdict = PairCheck.judge(pair.getSpec(), cluster::node);
    String name = pair.getMetadata().getName();
    status.setVolumes(
        PairCheck.count(
            cluster
                .volumes()
                .filter(v -> v.getStatus() != null && name.equals(v.getStatus().getPair()))));
    Conditions.set(
        status,
        ConditionType.Ready,
        ConditionStatus.of(verdict.ready()),
        verdict.reason(),
        verdict.message(),
        pair.getMetadata().getGeneration(),
        clock.instant());
    status.setObservedGeneration(pair.getMetadata().getGeneration());
    if (!Objects.equals(before, verdict.reason().name())) {
      events.record(
          pair,
          verdict.ready() ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
          verdict.reason(),
          verdict.message());
    }
    return UpdateControl.patchStatus(pair).rescheduleAfter(settings.steadyRequeue());
  }
}
