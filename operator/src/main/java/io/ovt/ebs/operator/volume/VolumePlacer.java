package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.DrbdAllocation;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.Sizes;
import io.ovt.ebs.operator.allocation.AllocationLedger;
import io.ovt.ebs.operator.allocation.DrbdSlot;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Operation;
import io.ovt.ebs.operator.placement.NodeRoom;
import io.ovt.ebs.operator.placement.PairChoice;
import io.ovt.ebs.operator.placement.Placement;
import io.ovt.ebs.operator.placement.PlacementFailure;
import io.ovt.ebs.operator.placement.PlacementResult;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Gathers what placement and allocation need from the caches, asks them, and writes the answer into
 * the volume's status (not yet persisted).
 */
final class VolumePlacer {
  private final Placement placement;
  private final AllocationLedger ledger;

  VolumePlacer(Placement placement, AllocationLedger ledger) {
    this.placement = placement;
    this.ledger = ledger;
  }

  /** Places the volume into its status; returns the placement or why there is none. */
  PlacementResult place(Volume volume, ClusterView cluster) {
    return place(volume, cluster, null);
  }

  /**
   * Places the volume into its status with its primary on one of {@code sourceNodes} (the nodes
   * holding the data it is made from), or anywhere when that is null. Frozen pairs are skipped; a
   * volume that could only land on one (it names it, or no other has room) waits for the thaw, as
   * does one whose source is on a frozen node.
   */
  PlacementResult place(Volume volume, ClusterView cluster, Set<String> sourceNodes) {
    LifecycleFreeze freeze = LifecycleFreeze.of(cluster);
    if (sourceNodes != null
        && freeze.check(Operation.CLONE, sourceNodes) instanceof LifecycleFreeze.Held held) {
      return frozen(held);
    }
    PlacementResult result = choose(volume, cluster, sourceNodes, freeze::isFrozen);
    if (result instanceof PlacementResult.Unplaceable && freeze.any()) {
      PlacementResult anywhere = choose(volume, cluster, sourceNodes, node -> false);
      if (anywhere instanceof PlacementResult.Placed p
          && freeze.check(Operation.CREATE, Arrays.asList(p.primary(), p.secondary()))
              instanceof LifecycleFreeze.Held held) {
        return frozen(held);
      }
      // Not waiting for a thaw: what placement says as if nothing were frozen.
      result = anywhere;
    }
    if (result instanceof PlacementResult.Placed placed) {
      record(volume, placed, cluster);
    }
    return result;
  }

  /**
   * Places a peer for a volume placed alone whose spec now asks for replication: a pair holding its
   * node (the one named in spec.replication.pair, if any), the other node as secondary, a DRBD
   * slot; recorded into the status like a placement.
   */
  PlacementResult addPeer(Volume volume, ClusterView cluster) {
    String node = volume.getStatus().getPrimaryNode();
    PlacementResult result = choose(volume, cluster, Set.of(node), n -> false);
    if (result instanceof PlacementResult.Placed placed) {
      record(volume, placed, cluster);
    }
    return result;
  }

  /** Where the volume would go among the nodes not skipped; records nothing. */
  private PlacementResult choose(
      Volume volume, ClusterView cluster, Set<String> sourceNodes, Predicate<String> skip) {
    long size = Sizes.bytes(volume.getSpec().getSize());
    Provisioning provisioning = volume.getSpec().getProvisioning();
    Map<String, NodeRoom> rooms = rooms(cluster);
    rooms.keySet().removeIf(skip);
    if (VolumeValidation.isReplicated(volume.getSpec())) {
      List<PairChoice> pairs =
          cluster
              .pairs()
              .filter(p -> p.getSpec() != null && p.getSpec().getNodes().size() == 2)
              .filter(p -> p.getSpec().getNodes().stream().noneMatch(skip))
              .filter(p -> sourceNodes == null || holdsAny(p.getSpec().getNodes(), sourceNodes))
              .map(
                  p ->
                      new PairChoice(
                          p.getMetadata().getName(),
                          p.getSpec().getNodes(),
                          cluster.activeNodeOf(p)))
              .toList();
      String requested =
          volume.getSpec().getReplication() == null
              ? null
              : volume.getSpec().getReplication().getPair();
      if (sourceNodes != null && pairs.isEmpty()) {
        return elsewhere("no ReplicationPair holds " + String.join(" or ", sourceNodes));
      }
      if (sourceNodes != null
          && requested != null
          && pairs.stream().noneMatch(p -> p.name().equals(requested))) {
        return elsewhere("ReplicationPair " + requested + " does not hold its source");
      }
      PlacementResult result = placement.replicated(size, provisioning, requested, pairs, rooms);
      if (sourceNodes != null
          && result instanceof PlacementResult.Placed p
          && !sourceNodes.contains(p.primary())) {
        // The data is on the standby: that node serves the new volume.
        result = new PlacementResult.Placed(p.pair(), p.secondary(), p.primary());
      }
      return result;
    }
    String node = volume.getSpec().getNode();
    if (sourceNodes != null && node != null && !sourceNodes.contains(node)) {
      return elsewhere("spec.node " + node + " does not hold its source");
    }
    if (sourceNodes != null && node == null) {
      node = sourceNodes.stream().sorted().findFirst().orElseThrow();
    }
    return placement.single(size, provisioning, node, rooms);
  }

  private static PlacementResult.Unplaceable frozen(LifecycleFreeze.Held held) {
    return new PlacementResult.Unplaceable(PlacementFailure.LifecycleFrozen, held.message());
  }

  private static boolean holdsAny(List<String> pairNodes, Set<String> sourceNodes) {
    return pairNodes.stream().anyMatch(sourceNodes::contains);
  }

  private static PlacementResult elsewhere(String why) {
    return new PlacementResult.Unplaceable(
        PlacementFailure.SourceElsewhere,
        "a volume made from a source lives where the source is: " + why);
  }

  /**
   * Why the placed volume may not grow from {@code fromBytes} to its spec.size, if it may not: a
   * frozen pair, or the first of its nodes without room for the growth.
   */
  Optional<PlacementResult.Unplaceable> growthProblem(
      Volume volume, ClusterView cluster, long fromBytes) {
    if (LifecycleFreeze.of(cluster).check(Operation.EXTEND, volume)
        instanceof LifecycleFreeze.Held held) {
      // requestedSizeBytes stays where it is until the thaw; the volume serves at its size.
      return Optional.of(frozen(held));
    }
    long growth = Sizes.bytes(volume.getSpec().getSize()) - fromBytes;
    Map<String, NodeRoom> rooms = rooms(cluster);
    VolumeStatus status = volume.getStatus();
    for (String node : new String[] {status.getPrimaryNode(), status.getSecondaryNode()}) {
      if (node == null) {
        continue;
      }
      Optional<PlacementResult.Unplaceable> problem =
          placement.growthProblem(
              rooms.get(node), node, volume.getSpec().getProvisioning(), growth);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private void record(Volume volume, PlacementResult.Placed placed, ClusterView cluster) {
    VolumeStatus status = volume.getStatus();
    status.setPair(placed.pair());
    status.setPrimaryNode(placed.primary());
    status.setSecondaryNode(placed.secondary());
    status.setLocalName(VolumeNaming.localName(volume));
    if (placed.pair() != null) {
      ReplicationPair pair = cluster.pair(placed.pair()).orElseThrow();
      List<AllocationLedger.Holding> recorded =
          cluster
              .volumes()
              .filter(v -> v.getStatus() != null && v.getStatus().getDrbd() != null)
              .map(VolumePlacer::holding)
              .toList();
      DrbdSlot slot =
          ledger.allocate(
              volume.getMetadata().getUid(),
              Set.of(placed.primary(), placed.secondary()),
              pair.getSpec().getStartingMinor(),
              pair.getSpec().getStartingPort(),
              recorded);
      status.setDrbd(new DrbdAllocation(slot.minor(), slot.port()));
    }
  }

  private static AllocationLedger.Holding holding(Volume v) {
    VolumeStatus s = v.getStatus();
    Set<String> nodes =
        s.getSecondaryNode() == null
            ? Set.of(s.getPrimaryNode())
            : Set.of(s.getPrimaryNode(), s.getSecondaryNode());
    return new AllocationLedger.Holding(
        v.getMetadata().getUid(),
        nodes,
        new DrbdSlot(s.getDrbd().getMinor(), s.getDrbd().getPort()));
  }

  /** Room per node: reported free space less volumes placed there that it may not show yet. */
  private static Map<String, NodeRoom> rooms(ClusterView cluster) {
    Map<String, long[]> committed = new HashMap<>();
    cluster
        .volumes()
        .filter(
            v ->
                v.getStatus() != null
                    && v.getStatus().getPrimaryNode() != null
                    && v.getSpec() != null)
        .forEach(
            v -> {
              long size = Sizes.bytes(v.getSpec().getSize());
              boolean thin = v.getSpec().getProvisioning() == Provisioning.THIN;
              boolean created = v.getStatus().getSizeBytes() != null;
              for (String node :
                  new String[] {v.getStatus().getPrimaryNode(), v.getStatus().getSecondaryNode()}) {
                if (node == null) {
                  continue;
                }
                long[] c = committed.computeIfAbsent(node, n -> new long[2]);
                if (thin) {
                  c[1] += size;
                } else if (!created) {
                  c[0] += size;
                }
              }
            });
    Map<String, NodeRoom> rooms = new HashMap<>();
    cluster
        .nodes()
        .forEach(
            node -> {
              long[] c = committed.getOrDefault(node.getMetadata().getName(), new long[2]);
              rooms.put(node.getMetadata().getName(), roomOf(node, c[0], c[1]));
            });
    return rooms;
  }

  private static NodeRoom roomOf(StorageNode node, long pendingThick, long provisionedThin) {
    var status = node.getStatus();
    boolean ready = status != null && Conditions.isTrue(status, ConditionType.Ready);
    long free = 0;
    long pool = 0;
    if (status != null && status.getCapacity() != null) {
      free = Objects.requireNonNullElse(status.getCapacity().getVgFreeBytes(), 0L);
      pool = Objects.requireNonNullElse(status.getCapacity().getThinPoolSizeBytes(), 0L);
    }
    return new NodeRoom(
        node.getMetadata().getName(),
        ready,
        free,
        pool,
        pendingThick,
        provisionedThin,
        node.getSpec() == null ? null : node.getSpec().getMaxOverSubscriptionRatio());
  }
}
