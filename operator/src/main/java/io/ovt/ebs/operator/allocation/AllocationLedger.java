package io.ovt.ebs.operator.allocation;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hands out DRBD slots so that concurrent reconciles never give two volumes the same minor or port
 * on a node. What volumes have recorded in their status is the truth after a restart; slots handed
 * out but not yet seen in the cache are remembered here, so a reconcile that races the cache, or
 * retries after a failed status write, neither collides nor takes a second slot.
 */
public final class AllocationLedger {
  /** A slot recorded for a volume on two nodes. */
  public record Holding(String volumeUid, Set<String> nodes, DrbdSlot slot) {}

  private final Map<String, Holding> pending = new HashMap<>();

  /**
   * The slot of the volume: the one it was already given, else the lowest free one on its nodes.
   *
   * @param recorded slots volumes have recorded in their status (from the informer cache)
   */
  public synchronized DrbdSlot allocate(
      String volumeUid,
      Set<String> nodes,
      int firstMinor,
      int firstPort,
      Collection<Holding> recorded) {
    Holding mine = pending.get(volumeUid);
    if (mine != null) {
      return mine.slot();
    }
    Set<Integer> minors = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (Holding holding : recorded) {
      if (holding.volumeUid().equals(volumeUid)) {
        return holding.slot();
      }
      collect(holding, nodes, minors, ports);
    }
    pending.values().forEach(holding -> collect(holding, nodes, minors, ports));
    DrbdSlot slot = DrbdSlots.next(minors, ports, firstMinor, firstPort);
    pending.put(volumeUid, new Holding(volumeUid, Set.copyOf(nodes), slot));
    return slot;
  }

  /** Forgets a volume's pending slot once its deletion finished. */
  public synchronized void release(String volumeUid) {
    pending.remove(volumeUid);
  }

  private static void collect(
      Holding holding, Set<String> nodes, Set<Integer> minors, Set<Integer> ports) {
    if (holding.nodes().stream().anyMatch(nodes::contains)) {
      minors.add(holding.slot().minor());
      ports.add(holding.slot().port());
    }
  }
}
