package io.ovt.ebs.operator.failover;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.node.LeaseTerms;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Observes what {@link FailoverDecision} needs for a pair whose policy is automatic: the active
 * node's silence and lease from {@link NodeLeases}, and, only once the active node is silent, the
 * standby's view of every volume (one call).
 */
final class AutomaticFailover {
  private final NodeApiFactory nodes;
  private final NodeLeases leases;

  AutomaticFailover(NodeApiFactory nodes, NodeLeases leases) {
    this.nodes = nodes;
    this.leases = leases;
  }

  /** The decision for the pair now served by {@code active}, with {@code standby} as the other. */
  FailoverDecision.Decision decide(
      FailoverPolicySpec spec,
      String active,
      String standby,
      List<Volume> servedByActive,
      ClusterView cluster) {
    Duration threshold = Duration.ofSeconds(orDefault(spec.getFailureThresholdSeconds(), 8));
    Duration lease = LeaseTerms.leaseOf(spec);
    Duration silent = leases.silentFor(active);
    if (silent.compareTo(threshold) < 0) {
      return new FailoverDecision.Stay(active + " answers");
    }
    Optional<StorageNode> standbyNode = cluster.node(standby);
    Map<String, ObservedVolume> seen = Map.of();
    boolean answered = false;
    if (standbyNode.isPresent()) {
      try {
        // The usual timeout: reading every volume runs LVM and DRBD tools, seconds on a busy host
        // (9 s seen on the VMs); a short timeout would call such a standby unreachable for good.
        // Waiting for its answer only delays the failover, never makes it less safe.
        seen =
            nodes.forNode(standbyNode.get()).volumes().stream()
                .collect(Collectors.toMap(ObservedVolume::name, Function.identity(), (a, b) -> a));
        answered = true;
      } catch (NodeApiException e) {
        answered = false;
      }
    }
    Map<String, ObservedVolume> standbyView = seen;
    List<FailoverDecision.StandbyReplica> replicas =
        servedByActive.stream()
            .filter(v -> standbyView.containsKey(v.getStatus().getLocalName()))
            .map(v -> replica(v, standbyView.get(v.getStatus().getLocalName())))
            .toList();
    return FailoverDecision.decide(
        new FailoverDecision.Inputs(
            active,
            standby,
            silent,
            threshold,
            leases.leaseLeft(active, lease),
            answered,
            replicas));
  }

  private static FailoverDecision.StandbyReplica replica(Volume volume, ObservedVolume seen) {
    ObservedVolume.ObservedDrbd drbd = seen.drbd();
    return new FailoverDecision.StandbyReplica(
        volume.getMetadata().getNamespace() + "/" + volume.getMetadata().getName(),
        drbd != null && drbd.connection() != ConnectionState.Connected,
        drbd != null && drbd.disk() == DiskState.UpToDate,
        volume.getStatus().getSecondaryOutdatedSince() != null);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
