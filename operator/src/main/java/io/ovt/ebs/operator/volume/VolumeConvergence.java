package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.DesiredSource;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.export.ChapCredentials;
import io.ovt.ebs.operator.export.Exports;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends a placed volume's desired state to its nodes (replica first) and collects what they say.
 */
final class VolumeConvergence {
  /**
   * The primary's and (for a replicated volume, else null) the secondary's outcome, the mode sent
   * and, when the wanted mode differs from the one the volume had, that change.
   */
  record Outcomes(
      VolumeReport.Replica primary,
      VolumeReport.Replica secondary,
      ReplicationMode mode,
      ModeChange change) {
    Outcomes(VolumeReport.Replica primary, VolumeReport.Replica secondary, ReplicationMode mode) {
      this(primary, secondary, mode, null);
    }
  }

  /**
   * A retype of the replication mode: from the mode the status records to the one the spec (or the
   * pair) wants; {@code held} says what keeps it from starting, else null (it was sent).
   */
  record ModeChange(ReplicationMode from, ReplicationMode to, LifecycleFreeze.Held held) {}

  /** The two ends of a replicated volume as its status names them, when both still exist. */
  private record Ends(
      NodeEndpoint primary,
      NodeEndpoint secondary,
      ReplicationMode mode,
      String rate,
      ModeChange change) {}

  private final NodeApiFactory nodes;

  VolumeConvergence(NodeApiFactory nodes) {
    this.nodes = nodes;
  }

  /** Converges the volume on its nodes. */
  Outcomes converge(Volume volume, ClusterView cluster) {
    return converge(volume, cluster, null);
  }

  /** Converges the volume on its nodes; its primary's LV starts from {@code source} if not null. */
  Outcomes converge(Volume volume, ClusterView cluster, DesiredSource source) {
    VolumeStatus status = volume.getStatus();
    Optional<StorageNode> primary = cluster.node(status.getPrimaryNode());
    List<DesiredExport> exports = exports(volume, primary, cluster);
    if (status.getSecondaryNode() == null) {
      return new Outcomes(
          put(
              primary,
              status.getPrimaryNode(),
              () -> DesiredNodeStates.single(volume, exports, source)),
          null,
          null);
    }
    Optional<StorageNode> secondary = cluster.node(status.getSecondaryNode());
    Optional<Ends> ends = ends(volume, cluster);
    if (ends.isEmpty()) {
      NodeOutcome unknown = new NodeOutcome.Unreachable(missing(volume, cluster));
      return new Outcomes(
          replica(status.getPrimaryNode(), primary, unknown),
          replica(status.getSecondaryNode(), secondary, unknown),
          null);
    }
    Ends e = ends.get();
    VolumeReport.Replica second =
        put(
            secondary,
            e.secondary().name(),
            () ->
                DesiredNodeStates.replica(
                    volume, false, e.secondary(), e.primary(), e.mode(), e.rate(), List.of()));
    VolumeReport.Replica first =
        put(
            primary,
            e.primary().name(),
            () ->
                DesiredNodeStates.replica(
                    volume, true, e.primary(), e.secondary(), e.mode(), e.rate(), exports, source));
    return new Outcomes(first, second, e.mode(), e.change());
  }

  /**
   * Makes the serving node a secondary without exports: the first step of a planned switchover.
   * Returns what the node said.
   */
  NodeOutcome demotePrimary(Volume volume, ClusterView cluster) {
    Optional<Ends> ends = ends(volume, cluster);
    if (ends.isEmpty()) {
      return new NodeOutcome.Unreachable(missing(volume, cluster));
    }
    Ends e = ends.get();
    return put(
            cluster.node(e.primary().name()),
            e.primary().name(),
            () ->
                DesiredNodeStates.replica(
                    volume, false, e.primary(), e.secondary(), e.mode(), e.rate(), List.of()))
        .outcome();
  }

  private Optional<Ends> ends(Volume volume, ClusterView cluster) {
    VolumeStatus status = volume.getStatus();
    Optional<StorageNode> primary = cluster.node(status.getPrimaryNode());
    Optional<StorageNode> secondary = cluster.node(status.getSecondaryNode());
    Optional<ReplicationPair> pair = cluster.pair(status.getPair());
    if (primary.isEmpty() || secondary.isEmpty() || pair.isEmpty()) {
      return Optional.empty();
    }
    NodeEndpoint p = endpoint(primary.get());
    NodeEndpoint s = endpoint(secondary.get());
    if (p.hostname() == null || s.hostname() == null) {
      return Optional.empty();
    }
    ReplicationMode wanted = modeOf(volume, pair.get());
    ModeChange change = modeChange(volume, wanted, cluster);
    ReplicationMode mode = change != null && change.held() != null ? change.from() : wanted;
    return Optional.of(new Ends(p, s, mode, pair.get().getSpec().getResyncRate(), change));
  }

  /**
   * A change from the mode the volume has to {@code wanted}, or null when there is none. It is a
   * retype: a frozen policy holds it, and the volume keeps its mode until the thaw.
   */
  private static ModeChange modeChange(Volume volume, ReplicationMode wanted, ClusterView cluster) {
    var drbd = volume.getStatus().getDrbd();
    Optional<ReplicationMode> applied =
        ReplicationMode.ofProtocol(drbd == null ? null : drbd.getProtocol());
    if (applied.isEmpty() || applied.get() == wanted) {
      return null;
    }
    LifecycleFreeze.Decision decision =
        LifecycleFreeze.of(cluster).check(LifecycleFreeze.Operation.RETYPE, volume);
    return new ModeChange(
        applied.get(), wanted, decision instanceof LifecycleFreeze.Held held ? held : null);
  }

  private static String missing(Volume volume, ClusterView cluster) {
    VolumeStatus status = volume.getStatus();
    for (String node : new String[] {status.getPrimaryNode(), status.getSecondaryNode()}) {
      Optional<StorageNode> found = cluster.node(node);
      if (found.isEmpty()) {
        return "StorageNode " + node + " no longer exists";
      }
      if (found.get().getStatus() == null || found.get().getStatus().getHostname() == null) {
        return "the host name of " + node + " is not known yet";
      }
    }
    return "ReplicationPair " + status.getPair() + " no longer exists";
  }

  /** The target the primary should serve, from the volume's VolumeExports in effect. */
  private static List<DesiredExport> exports(
      Volume volume, Optional<StorageNode> primary, ClusterView cluster) {
    if (primary.isEmpty()) {
      return List.of();
    }
    String namespace = volume.getMetadata().getNamespace();
    var served =
        Exports.sameChap(
            Exports.inEffect(
                cluster.exportsOf(namespace, volume.getMetadata().getName()),
                Boolean.TRUE.equals(volume.getSpec().getMultiAttach())));
    if (served.isEmpty()) {
      return List.of();
    }
    ChapCredentials.Result chap =
        ChapCredentials.of(
            served.get(0).getSpec().getChapSecret(), name -> cluster.secret(namespace, name));
    if (chap instanceof ChapCredentials.Missing || chap instanceof ChapCredentials.Invalid) {
      // Never export without the credentials asked for; the VolumeExport says why.
      return List.of();
    }
    return Exports.desired(volume.getStatus().getLocalName(), served, primary.get(), chap.chap())
        .map(List::of)
        .orElse(List.of());
  }

  private VolumeReport.Replica put(
      Optional<StorageNode> node, String name, Supplier<DesiredVolume> desired) {
    if (node.isEmpty()) {
      return replica(
          name, node, new NodeOutcome.Unreachable("StorageNode " + name + " does not exist"));
    }
    if (VolumeSwitchover.isDown(node)) {
      // Its heartbeats fail: a call would only wait out its timeout, holding up the other node.
      return replica(
          name,
          node,
          new NodeOutcome.Unreachable(
              "StorageNode " + name + " does not answer heartbeats" + downSince(node.get())));
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

  private static String downSince(StorageNode node) {
    String last = node.getStatus().getLastHeartbeat();
    return last == null ? "" : " (last answer " + last + ")";
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
