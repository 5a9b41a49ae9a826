package io.ovt.ebs.operator.placement;

import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.operator.Sizes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses where a new volume lives: the pair (or node) with the most room among those that are
 * ready and have enough of it. The serving node of a pair is its active node. Pure.
 */
public final class Placement {
  /** Thin pools may be over-committed this far by default, as Cinder's default ratio. */
  public static final double DEFAULT_THIN_OVERCOMMIT = 20.0;

  private final double thinOvercommit;

  public Placement(double thinOvercommit) {
    this.thinOvercommit = thinOvercommit;
  }

  /** A replicated volume: on the requested pair, or the pair with the most room. */
  public PlacementResult replicated(
      long sizeBytes,
      Provisioning provisioning,
      String requestedPair,
      List<PairChoice> pairs,
      Map<String, NodeRoom> nodes) {
    List<PairChoice> candidates =
        requestedPair == null
            ? pairs
            : pairs.stream().filter(p -> p.name().equals(requestedPair)).toList();
    if (candidates.isEmpty()) {
      return new PlacementResult.Unplaceable(
          PlacementFailure.PairNotFound,
          requestedPair == null
              ? "no ReplicationPair exists; create one or set replication.enabled: false"
              : "ReplicationPair " + requestedPair + " does not exist");
    }
    PlacementResult.Unplaceable lastProblem = null;
    PairChoice best = null;
    long bestRoom = -1;
    for (PairChoice pair : candidates) {
      Optional<PlacementResult.Unplaceable> problem =
          pair.nodes().stream()
              .map(n -> problemOf(n, sizeBytes, provisioning, nodes))
              .flatMap(Optional::stream)
              .findFirst();
      if (problem.isPresent()) {
        lastProblem = prefix(pair.name(), problem.get());
        continue;
      }
      long room =
          Math.min(
              room(nodes.get(pair.nodes().get(0)), provisioning),
              room(nodes.get(pair.nodes().get(1)), provisioning));
      if (room > bestRoom) {
        best = pair;
        bestRoom = room;
      }
    }
    if (best == null) {
      return lastProblem;
    }
    return new PlacementResult.Placed(best.name(), best.activeNode(), best.standbyNode());
  }

  /** A volume that is not replicated: on the requested node, or the node with the most room. */
  public PlacementResult single(
      long sizeBytes,
      Provisioning provisioning,
      String requestedNode,
      Map<String, NodeRoom> nodes) {
    if (requestedNode != null) {
      return problemOf(requestedNode, sizeBytes, provisioning, nodes)
          .<PlacementResult>map(p -> p)
          .orElse(new PlacementResult.Placed(null, requestedNode, null));
    }
    return nodes.values().stream()
        .filter(n -> problemOf(n.name(), sizeBytes, provisioning, nodes).isEmpty())
        .max(Comparator.comparingLong(n -> room(n, provisioning)))
        .<PlacementResult>map(n -> new PlacementResult.Placed(null, n.name(), null))
        .orElse(
            new PlacementResult.Unplaceable(
                PlacementFailure.InsufficientCapacity,
                "no ready node has "
                    + Sizes.human(sizeBytes)
                    + " of "
                    + kind(provisioning)
                    + " space"));
  }

  private Optional<PlacementResult.Unplaceable> problemOf(
      String name, long sizeBytes, Provisioning provisioning, Map<String, NodeRoom> nodes) {
    NodeRoom node = nodes.get(name);
    if (node == null) {
      return fail(PlacementFailure.NodeNotFound, "StorageNode " + name + " does not exist");
    }
    if (!node.ready()) {
      return fail(PlacementFailure.NodeNotReady, "StorageNode " + name + " is not Ready");
    }
    if (provisioning == Provisioning.THIN && node.thinPoolBytes() == 0) {
      return fail(PlacementFailure.NoThinPool, "StorageNode " + name + " has no thin pool");
    }
    if (provisioning == Provisioning.THIN && node.thinRoom(thinOvercommit) < sizeBytes) {
      return fail(PlacementFailure.InsufficientCapacity, overcommitted(node, sizeBytes));
    }
    long room = room(node, provisioning);
    if (room < sizeBytes) {
      return fail(
          PlacementFailure.InsufficientCapacity,
          "StorageNode "
              + name
              + " has room for "
              + Sizes.human(Math.max(0, room))
              + " of "
              + kind(provisioning)
              + " space, "
              + Sizes.human(sizeBytes)
              + " asked");
    }
    return Optional.empty();
  }

  /**
   * Why a placed volume may not grow by {@code growthBytes} on this node, if it may not: a thick
   * volume needs that many free extents; thin volumes (this one counted at its new size already)
   * must stay within the pool times the over-subscription ratio.
   */
  public Optional<PlacementResult.Unplaceable> growthProblem(
      NodeRoom node, String nodeName, Provisioning provisioning, long growthBytes) {
    if (node == null) {
      return fail(PlacementFailure.NodeNotFound, "StorageNode " + nodeName + " does not exist");
    }
    if (provisioning == Provisioning.THIN) {
      return node.thinRoom(thinOvercommit) < 0
          ? fail(PlacementFailure.InsufficientCapacity, overcommitted(node, 0))
          : Optional.empty();
    }
    if (node.thickRoom() < growthBytes) {
      return fail(
          PlacementFailure.InsufficientCapacity,
          "StorageNode "
              + node.name()
              + " has "
              + Sizes.human(Math.max(0, node.thickRoom()))
              + " free in its volume group, "
              + Sizes.human(growthBytes)
              + " more needed");
    }
    return Optional.empty();
  }

  /** Names what is provisioned, the pool and the ratio, so the refusal can be acted on. */
  private String overcommitted(NodeRoom node, long askedBytes) {
    return "StorageNode "
        + node.name()
        + ": thin volumes of "
        + Sizes.human(node.provisionedThinBytes() + askedBytes)
        + " would over-commit its "
        + Sizes.human(node.thinPoolBytes())
        + " thin pool beyond the ratio "
        + node.ratio(thinOvercommit)
        + " (at most "
        + Sizes.human(node.thinLimit(thinOvercommit))
        + "; "
        + Sizes.human(node.provisionedThinBytes())
        + " provisioned)";
  }

  private long room(NodeRoom node, Provisioning provisioning) {
    return provisioning == Provisioning.THIN ? node.thinRoom(thinOvercommit) : node.thickRoom();
  }

  private static String kind(Provisioning provisioning) {
    return provisioning == Provisioning.THIN ? "thin" : "thick";
  }

  private static Optional<PlacementResult.Unplaceable> fail(
      PlacementFailure reason, String message) {
    return Optional.of(new PlacementResult.Unplaceable(reason, message));
  }

  private static PlacementResult.Unplaceable prefix(String pair, PlacementResult.Unplaceable p) {
    return new PlacementResult.Unplaceable(p.reason(), "pair " + pair + ": " + p.message());
  }
}
