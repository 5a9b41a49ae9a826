package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.util.Optional;

/**
 * Sends a placed volume's desired state to its nodes (replica first) and collects what they say.
 */
final class VolumeConvergence {
  private final NodeApiFactory nodes;

  VolumeConvergence(NodeApiFactory nodes) {
    this.nodes = nodes;
  }

  /** The primary's and (for a replicated volume, else null) the secondary's outcome. */
  record Outcomes(
      VolumeReport.Replica primary, VolumeReport.Replica secondary, ReplicationMode mode) {}

  /** Converges the volume on its nodes. */
  Outcomes converge(Volume volume, ClusterView cluster) {
    VolumeStatus status = volume.getStatus();
    Optional<StorageNode> primary = cluster.node(status.getPrimaryNode());
    if (status.getSecondaryNode() == null) {
      return new Outcomes(
          put(primary, status.getPrimaryNode(), () -> DesiredNodeStates.single(volume)),
          null,
          null);
    }
    Optional<StorageNode> secondary = cluster.node(status.getSecondaryNode());
    Optional<ReplicationPair> pair = cluster.pair(status.getPair());
    if (primary.isEmpty() || secondary.isEmpty() || pair.isEmpty()) {
      String missing =
          primary.isEmpty()
              ? status.getPrimaryNode()
              : secondary.isEmpty() ? status.getSecondaryNode() : "pair " + status.getPair();
      NodeOutcome gone = new NodeOutcome.Unreachable(missing + " no longer exists");
      return new Outcomes(
          replica(status.getPrimaryNode(), primary, gone),
          replica(status.getSecondaryNode(), secondary, gone),
          null);
    }
    NodeEndpoint p = endpoint(primary.get());
    NodeEndpoint s = endpoint(secondary.get());
    ReplicationMode mode = modeOf(volume, pair.get());
    String rate = pair.get().getSpec().getResyncRate();
    VolumeReport.Replica second =
        p.hostname() == null
            ? replica(
                s.name(),
                secondary,
                new NodeOutcome.Unreachable("host name of " + p.backendId() + " not known yet"))
            : put(
                secondary,
                s.name(),
                () -> DesiredNodeStates.replica(volume, false, s, p, mode, rate));
    VolumeReport.Replica first =
        s.hostname() == null
            ? replica(
                p.name(),
                primary,
                new NodeOutcome.Unreachable("host name of " + s.backendId() + " not known yet"))
            : put(
                primary, p.name(), () -> DesiredNodeStates.replica(volume, true, p, s, mode, rate));
    return new Outcomes(first, second, mode);
  }

  private VolumeReport.Replica put(
      Optional<StorageNode> node, String name, java.util.function.Supplier<DesiredVolume> desired) {
    if (node.isEmpty()) {
      return replica(
          name, node, new NodeOutcome.Unreachable("StorageNode " + name + " does not exist"));
    }
    NodeOutcome outcome;
    try {
      outcome = new NodeOutcome.Observed(nodes.forNode(node.get()).put(desired.get()));
    } catch (NodeRejectedException e) {
      outcome = new NodeOutcome.Rejected(e.error());
    } catch (NodeApiException e) {
      outcome = new NodeOutcome.Unreachable(e.getMessage());
    }
    return replica(name, node, outcome);
  }

  private static VolumeReport.Replica replica(
      String name, Optional<StorageNode> node, NodeOutcome outcome) {
    String backend = node.map(n -> n.getSpec().getBackendId()).orElse(name);
    return new VolumeReport.Replica(name, backend, outcome);
  }

  private static NodeEndpoint endpoint(StorageNode node) {
    return new NodeEndpoint(
        node.getMetadata().getName(),
        node.getSpec().getBackendId(),
        node.getSpec().getReplicationAddress(),
        node.getStatus() == null ? null : node.getStatus().getHostname());
  }

  private static ReplicationMode modeOf(Volume volume, ReplicationPair pair) {
    var replication = volume.getSpec().getReplication();
    if (replication != null && replication.getMode() != null) {
      return replication.getMode();
    }
    return pair.getSpec().getMode();
  }
}
