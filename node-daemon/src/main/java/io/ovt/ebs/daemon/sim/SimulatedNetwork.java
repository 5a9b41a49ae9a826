package io.ovt.ebs.daemon.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The replication network between simulated hosts. Hosts register by replication address; DRBD
 * resources on two hosts connect when their configurations name each other and the link is not cut.
 * Every simulated host of a network locks on it, so cross-host state changes are atomic.
 */
public final class SimulatedNetwork {
  private final Clock clock;
  private final long syncBytesPerSecondCap;
  private final Map<String, SimulatedHost> hostsByAddress = new HashMap<>();
  private final Set<Set<String>> cutLinks = new HashSet<>();
  private long lastGeneration;

  /**
   * A network whose resyncs run at DRBD's configured rate, capped at {@code syncBytesPerSecondCap}
   * (simulated disks are as fast as the demo or test wants them).
   */
  public SimulatedNetwork(Clock clock, long syncBytesPerSecondCap) {
    this.clock = clock;
    this.syncBytesPerSecondCap = syncBytesPerSecondCap;
  }

  /** A network whose resyncs run at DRBD's configured rate. */
  public SimulatedNetwork(Clock clock) {
    this(clock, Long.MAX_VALUE);
  }

  synchronized void register(String address, SimulatedHost host) {
    SimulatedHost existing = hostsByAddress.putIfAbsent(address, host);
    if (existing != null && existing != host) {
      throw new IllegalArgumentException("address " + address + " is already taken");
    }
  }

  /** Cuts the replication link between two addresses (a partition). */
  public synchronized void cut(String addressA, String addressB) {
    cutLinks.add(Set.of(addressA, addressB));
  }

  /** Restores a cut link. */
  public synchronized void heal(String addressA, String addressB) {
    cutLinks.remove(Set.of(addressA, addressB));
  }

  synchronized SimulatedHost hostAt(String address, String from) {
    if (cutLinks.contains(Set.of(address, from))) {
      return null;
    }
    return hostsByAddress.get(address);
  }

  long syncRate(long configuredBytesPerSecond) {
    return Math.min(configuredBytesPerSecond, syncBytesPerSecondCap);
  }

  Instant now() {
    return clock.instant();
  }

  /** A new DRBD data generation (a new current UUID). */
  synchronized long newGeneration() {
    lastGeneration = Math.max(lastGeneration + 1, clock.millis());
    return lastGeneration;
  }
}
