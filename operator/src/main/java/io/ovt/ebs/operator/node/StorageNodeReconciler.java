package io.ovt.ebs.operator.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.ovt.ebs.crds.node.NodeCapacity;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.NodeVersions;
import io.ovt.ebs.crds.node.ServiceStatus;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeStatus;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.nodeapi.Lease;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.nodeapi.NodeUnreachableException;
import io.ovt.ebs.nodeapi.PeerLoss;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.Sizes;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.failover.NodeLeases;
import io.ovt.ebs.operator.failover.PeerLossRecorder;
import io.ovt.ebs.operator.volume.VolumeNaming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Heartbeats a StorageNode's daemon and reports reachability, capacity and versions. */
public final class StorageNodeReconciler implements Reconciler<StorageNode> {
  private final NodeApiFactory nodes;
  private final EventRecorder events;
  private final OperatorSettings settings;
  private final Clock clock;
  private static final Logger LOG = LoggerFactory.getLogger(StorageNodeReconciler.class);

  private final NodeLeases leases;
  private final LeaseRenewer renewer;
  private ClusterView cluster;
  private KubernetesClient client;
  private PeerLossRecorder peerLosses;
  private final Consumer<ClusterView> cachesReady;

  /**
   * A reconciler of StorageNodes.
   *
   * @param cachesReady told of the caches of nodes, pairs, policies and volumes once they exist
   */
  public StorageNodeReconciler(
      NodeApiFactory nodes,
      EventRecorder events,
      OperatorSettings settings,
      Clock clock,
      NodeLeases leases,
      LeaseRenewer renewer,
      Consumer<ClusterView> cachesReady) {
    this.nodes = nodes;
    this.cachesReady = cachesReady;
    this.renewer = renewer;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
    this.leases = leases;
  }

  @Override
  public List<EventSource<?, StorageNode>> prepareEventSources(
      EventSourceContext<StorageNode> context) {
    InformerEventSource<ReplicationPair, StorageNode> pairs =
        Informers.of(ReplicationPair.class, context, Informers.none());
    InformerEventSource<FailoverPolicy, StorageNode> policies =
        Informers.of(FailoverPolicy.class, context, policy -> nodesOfPair(policy));
    // Volumes only to find the one a lost peer belongs to: they never trigger a heartbeat.
    InformerEventSource<Volume, StorageNode> volumes =
        Informers.of(Volume.class, context, Informers.none());
    cluster = new ClusterView(context.getPrimaryCache(), pairs, policies, volumes);
    cachesReady.accept(cluster);
    client = context.getClient();
    peerLosses =
        new PeerLossRecorder(
            context.getClient(),
            local ->
                cluster.volumes().filter(v -> VolumeNaming.localName(v).equals(local)).findFirst(),
            events);
    return List.of(pairs, policies, volumes);
  }

  @Override
  public UpdateControl<StorageNode> reconcile(StorageNode node, Context<StorageNode> context) {
    StorageNodeStatus status =
        node.getStatus() == null ? new StorageNodeStatus() : node.getStatus();
    node.setStatus(status);
    String before =
        Conditions.find(status, ConditionType.Ready).map(c -> c.getReason()).orElse(null);
    Instant now = clock.instant();
    Long generation = node.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    List<String> problems = StorageNodeValidation.problems(node.getSpec());
    if (!problems.isEmpty()) {
      Conditions.set(
          status,
          ConditionType.Ready,
          ConditionStatus.False,
          NodeReason.InvalidSpec,
          String.join("; ", problems),
          generation,
          now);
      announce(node, before);
      return UpdateControl.patchStatus(node);
    }
    LeaseTerms terms = LeaseTerms.of(node.getMetadata().getName(), cluster, settings);
    try {
      // The lease is renewed on its own timer, with the short timeout: the node read below may
      // wait on slow tools, so it gets the usual timeout (a busy host is not a dead one).
      String name = node.getMetadata().getName();
      if (terms.lease().isPresent()) {
        renewer.keep(name, terms.interval(), () -> renewFromCache(name));
      } else {
        renewer.drop(name);
      }
      Optional<String> silent = silentThroughItsLease(name, terms);
      if (silent.isPresent()) {
        // A read would only wait out its long timeout; the renewals say when it answers again.
        throw new NodeUnreachableException(silent.get(), null);
      }
      NodeInfo info = nodes.forNode(node).node();
      leases.answered(node.getMetadata().getName());
      observed(node, info, now);
    } catch (NodeApiException e) {
      NodeReason reason =
          e instanceof NodeRejectedException ? NodeReason.Rejected : NodeReason.Unreachable;
      down(node, reason, e.getMessage(), now);
    }
    serviceStatus(node);
    announce(node, before);
    return UpdateControl.patchStatus(node).rescheduleAfter(terms.interval());
  }

  /**
   * Why the node counts as down without a node read: its lease renewals (short timeout) went
   * unanswered for a whole lease, so it has fenced itself or is gone. A partitioned host does not
   * refuse connections, it lets them time out, and the read's usual timeout is long.
   */
  private Optional<String> silentThroughItsLease(String name, LeaseTerms terms) {
    if (terms.lease().isEmpty()) {
      return Optional.empty();
    }
    Duration lease = terms.lease().get();
    Duration silent = leases.silentFor(name);
    if (silent.compareTo(lease) < 0 || !leases.leaseExpired(name, lease)) {
      return Optional.empty();
    }
    return Optional.of(
        "lease renewals unanswered for "
            + silent.toSeconds()
            + " s (lease "
            + lease.toSeconds()
            + " s)");
  }

  /** One renewal on the renewer's timer, for the node as the cache has it now. */
  private void renewFromCache(String name) {
    Optional<StorageNode> node = cluster.node(name);
    LeaseTerms terms = LeaseTerms.of(name, cluster, settings);
    if (node.isEmpty() || terms.lease().isEmpty()) {
      renewer.drop(name);
      return;
    }
    try {
      renew(node.get(), nodes.forNode(node.get(), terms.callTimeout()), terms.lease().get());
    } catch (NodeApiException e) {
      // The heartbeat's node read reports the node unreachable; the lease simply runs on.
      LOG.debug("lease renewal of {} failed: {}", name, e.getMessage());
      silentThroughItsLease(name, terms).ifPresent(why -> markDown(node.get(), why));
    }
  }

  /**
   * Marks a node down from the renewer's thread, and abandons the calls waiting on it: a
   * partitioned host lets requests time out rather than refuse them, so a heartbeat read or a
   * volume's call already in flight may wait out its long timeout, while its volumes' failover
   * waits for this status. The next heartbeat that completes writes the status it observed, so this
   * never hides a node that answers.
   */
  private void markDown(StorageNode cached, String why) {
    // Every time: a volume's call may have begun just before the status said down.
    nodes.abandonCalls(cached, why);
    if (cached.getStatus() != null && cached.getStatus().getState() == NodeState.DOWN) {
      return;
    }
    String name = cached.getMetadata().getName();
    try {
      client
          .resources(StorageNode.class)
          .withName(name)
          .editStatus(
              n -> {
                if (n.getStatus() == null) {
                  n.setStatus(new StorageNodeStatus());
                }
                // Checked again: a renewal may have been answered since (a node that came back).
                if (silentThroughItsLease(name, LeaseTerms.of(name, cluster, settings))
                    .isPresent()) {
                  down(n, NodeReason.Unreachable, why, clock.instant());
                }
                return n;
              });
      events.record(
          cached,
          EventRecorder.Type.Warning,
          NodeReason.Unreachable,
          "daemon at " + cached.getSpec().getAddress() + ": " + why);
    } catch (KubernetesClientException e) {
      LOG.warn("cannot mark {} down: {}", name, e.getMessage());
    }
  }

  /** The node's status as one whose daemon did not answer. */
  private static void down(StorageNode node, NodeReason reason, String why, Instant now) {
    StorageNodeStatus status = node.getStatus();
    Long generation = node.getMetadata().getGeneration();
    String message = "daemon at " + node.getSpec().getAddress() + ": " + why;
    status.setState(NodeState.DOWN);
    Conditions.set(
        status, ConditionType.Reachable, ConditionStatus.False, reason, message, generation, now);
    Conditions.set(
        status, ConditionType.Ready, ConditionStatus.False, reason, message, generation, now);
  }

  /**
   * Renews the node's fencing lease; a node that newly holds volumes fenced says so in an event.
   */
  private void renew(StorageNode node, NodeApi api, Duration lease) throws NodeApiException {
    String name = node.getMetadata().getName();
    Set<String> before = leases.fencedOn(name);
    Lease granted;
    try {
      granted = api.renewLease(lease);
    } catch (NodeRejectedException e) {
      leases.refused(name);
      // The daemon answers but refuses the lease (an older daemon): it cannot fence itself, so
      // it is never failed away from automatically; the node itself still serves.
      events.record(
          node,
          EventRecorder.Type.Warning,
          NodeReason.LeaseRefused,
          "the daemon refused its fencing lease: " + e.getMessage());
      return;
    }
    leases.granted(name, lease, granted.fencedVolumes());
    if (!granted.peersLost().isEmpty()) {
      // Recorded first, acknowledged at once: the primary's I/O waits for it.
      List<PeerLoss> recorded = peerLosses.record(name, granted.peersLost());
      if (!recorded.isEmpty()) {
        granted = api.renewLease(lease, recorded);
        leases.granted(name, lease, granted.fencedVolumes());
      }
    }
    Set<String> newlyFenced = new TreeSet<>(granted.fencedVolumes());
    newlyFenced.removeAll(before);
    if (!newlyFenced.isEmpty()) {
      events.record(
          node,
          EventRecorder.Type.Warning,
          NodeReason.Fenced,
          "the daemon holds the I/O of "
              + String.join(", ", newlyFenced)
              + ": it lost its lease and its DRBD peer");
    }
  }

  private void observed(StorageNode node, NodeInfo info, Instant now) {
    StorageNodeStatus status = node.getStatus();
    Long generation = node.getMetadata().getGeneration();
    status.setState(NodeState.UP);
    status.setLastHeartbeat(now.truncatedTo(ChronoUnit.SECONDS).toString());
    status.setHostname(info.hostname());
    status.setCapacity(capacity(info.capacity()));
    NodeVersions versions = new NodeVersions();
    versions.setDaemon(info.versions().daemon());
    versions.setDrbdKernel(info.versions().drbdKernel());
    versions.setDrbdUtils(info.versions().drbdUtils());
    versions.setLvm(info.versions().lvm());
    versions.setHostType(info.hostType().name().toLowerCase(java.util.Locale.ROOT));
    status.setVersions(versions);
    Conditions.set(
        status,
        ConditionType.Reachable,
        ConditionStatus.True,
        NodeReason.HeartbeatOk,
        "daemon answered",
        generation,
        now);
    NodeReason reason = NodeReason.NodeReady;
    String message =
        "ready: "
            + Sizes.human(info.capacity().vgFreeBytes())
            + " free in "
            + info.capacity().volumeGroup();
    if (!node.getSpec().getBackendId().equals(info.backendId())) {
      reason = NodeReason.BackendMismatch;
      message =
          "the daemon at "
              + node.getSpec().getAddress()
              + " is "
              + info.backendId()
              + ", not "
              + node.getSpec().getBackendId();
    } else if (!node.getSpec().getVolumeGroup().equals(info.capacity().volumeGroup())) {
      reason = NodeReason.VolumeGroupMismatch;
      message =
          "the daemon uses volume group "
              + info.capacity().volumeGroup()
              + ", spec says "
              + node.getSpec().getVolumeGroup();
    } else if (node.getSpec().getThinPool() != null && info.capacity().thinPool() == null) {
      reason = NodeReason.ThinPoolMissing;
      message = "spec names thin pool " + node.getSpec().getThinPool() + " but the daemon has none";
    }
    Conditions.set(
        status,
        ConditionType.Ready,
        ConditionStatus.of(reason == NodeReason.NodeReady),
        reason,
        message,
        generation,
        now);
  }

  private static NodeCapacity capacity(NodeInfo.Capacity reported) {
    NodeCapacity capacity = new NodeCapacity();
    capacity.setVgSizeBytes(reported.vgSizeBytes());
    capacity.setVgFreeBytes(reported.vgFreeBytes());
    capacity.setVgFree(Sizes.human(reported.vgFreeBytes()));
    if (reported.thinPool() != null) {
      capacity.setThinPoolSizeBytes(reported.thinPool().sizeBytes());
      capacity.setThinPoolDataPercent(reported.thinPool().dataPercent());
      capacity.setThinPoolMetadataPercent(reported.thinPool().metadataPercent());
    }
    return capacity;
  }

  /** Disabled while a pair of the node is frozen, in the words of the seed's service list. */
  private void serviceStatus(StorageNode node) {
    // The same rule that holds lifecycle operations on the node's volumes.
    boolean frozen = LifecycleFreeze.of(cluster).isFrozen(node.getMetadata().getName());
    node.getStatus().setServiceStatus(frozen ? ServiceStatus.DISABLED : ServiceStatus.ENABLED);
    node.getStatus().setDisabledReason(frozen ? "frozen" : null);
  }

  private void announce(StorageNode node, String before) {
    var ready = Conditions.find(node.getStatus(), ConditionType.Ready).orElseThrow();
    if (!Objects.equals(before, ready.getReason())) {
      events.record(
          node,
          "True".equals(ready.getStatus()) ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
          ready.getReason(),
          ready.getMessage());
    }
  }

  private Set<ResourceID> nodesOfPair(FailoverPolicy policy) {
    if (cluster == null || policy.getSpec() == null) {
      return Set.of();
    }
    return cluster.pair(policy.getSpec().getPair()).stream()
        .flatMap(pair -> pair.getSpec().getNodes().stream())
        .map(ResourceID::new)
        .collect(Collectors.toSet());
  }
}
