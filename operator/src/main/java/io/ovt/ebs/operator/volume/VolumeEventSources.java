package io.ovt.ebs.operator.volume;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.export.ChapSecrets;
import io.ovt.ebs.operator.node.HeartbeatChanges;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a Volume's reconciles watch besides Volumes, and which Volumes each change concerns: nodes,
 * pairs, failover policies, exports, snapshots and CHAP Secrets, seen together as a ClusterView.
 *
 * @param cluster the caches, as one view
 * @param sources the event sources to register
 */
record VolumeEventSources(ClusterView cluster, List<EventSource<?, Volume>> sources) {

  static VolumeEventSources of(EventSourceContext<Volume> context) {
    InformerEventSource<StorageNode, Volume> nodes =
        Informers.of(
            StorageNode.class,
            context,
            Informers.toPrimaries(
                context, node -> v -> usesOrWaits(v, node.getMetadata().getName())),
            HeartbeatChanges.ignored());
    InformerEventSource<ReplicationPair, Volume> pairs =
        Informers.of(
            ReplicationPair.class,
            context,
            Informers.toPrimaries(
                context, pair -> v -> onPairOrWaiting(v, pair.getMetadata().getName())));
    InformerEventSource<FailoverPolicy, Volume> policies =
        Informers.of(
            FailoverPolicy.class,
            context,
            Informers.toPrimaries(context, policy -> concerns(policy, pairs)));
    InformerEventSource<VolumeExport, Volume> exports =
        Informers.of(
            VolumeExport.class,
            context,
            export ->
                export.getSpec() == null
                    ? Set.of()
                    : Set.of(
                        new ResourceID(
                            export.getSpec().getVolume(), export.getMetadata().getNamespace())));
    InformerEventSource<Snapshot, Volume> snapshots =
        Informers.of(
            Snapshot.class,
            context,
            Informers.toPrimaries(
                context,
                snapshot ->
                    v ->
                        v.getSpec() != null
                            && v.getSpec().getSource() != null
                            && Objects.equals(
                                snapshot.getMetadata().getName(),
                                v.getSpec().getSource().getSnapshot())
                            && Objects.equals(
                                snapshot.getMetadata().getNamespace(),
                                v.getMetadata().getNamespace())));
    // A changed CHAP Secret is applied again to the volumes whose exports name it.
    InformerEventSource<Secret, Volume> secrets =
        Informers.of(Secret.class, context, ChapSecrets.toVolumes(exports));
    return new VolumeEventSources(
        new ClusterView(
            nodes, pairs, policies, context.getPrimaryCache(), exports, snapshots, secrets),
        List.of(nodes, pairs, policies, exports, snapshots, secrets));
  }

  private static boolean usesOrWaits(Volume volume, String node) {
    VolumeStatus s = volume.getStatus();
    return s == null
        || s.getLocalName() == null
        || node.equals(s.getPrimaryNode())
        || node.equals(s.getSecondaryNode());
  }

  /**
   * What a policy's change concerns: its pair's volumes (switchover) and, through a freeze or thaw,
   * every volume on one of its nodes and every volume not placed yet.
   */
  private static Predicate<Volume> concerns(FailoverPolicy policy, Cache<ReplicationPair> pairs) {
    String pair = policy.getSpec() == null ? null : policy.getSpec().getPair();
    if (pair == null) {
      return v -> false;
    }
    List<String> nodes =
        pairs
            .get(new ResourceID(pair))
            .filter(p -> p.getSpec() != null && p.getSpec().getNodes() != null)
            .map(p -> p.getSpec().getNodes())
            .orElse(List.of());
    return v -> onPairOrWaiting(v, pair) || onAnyNode(v, nodes);
  }

  private static boolean onAnyNode(Volume volume, List<String> nodes) {
    VolumeStatus s = volume.getStatus();
    return s != null
        && ((s.getPrimaryNode() != null && nodes.contains(s.getPrimaryNode()))
            || (s.getSecondaryNode() != null && nodes.contains(s.getSecondaryNode())));
  }

  private static boolean onPairOrWaiting(Volume volume, String pair) {
    VolumeStatus s = volume.getStatus();
    return s == null || s.getLocalName() == null || pair.equals(s.getPair());
  }
}
