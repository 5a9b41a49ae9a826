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
  private final double syncSpeedup;
  private final Map<String, SimulatedHost> hostsByAddress = new HashMap<>();
  private final Set<Set<String>> cutLinks = new HashSet<>();
  private long lastGeneration;

  /**
   * A network whose resyncs run {@code syncSpeedup} times DRBD's configured rate, so a demo can
   * show a 10 GiB initial sync in seconds.
   */
  public SimulatedNetwork(Clock clock, double syncSpeedup) {
    if (syncSpeedup <= 0) {
      throw new IllegalArgumentException("syncSpeedup must be positive");
    }
    this.clock = clock;
    this.syncSpeedup = syncSpeedup;
  }

  /** A network whose resyncs run at DRBD's configured rate. */
  public SimulatedNetwork(Clock clock) {
    this(clock, 1.0);
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
    return (long) Math.min(Long.MAX_VALUE / 4.0, configuredBytesPerSecond * syncSpeedup);
  }

  Instant now() {
    return clock.instant();
  }

  Clock clock() {
    return clock;
  }

  /** A new DRBD data generation (a new current UUID). */
  synchronized long newGeneration() {
    lastGeneration = Math.max(lastGeneration + 1, clock.millis());
    return lastGeneration;
  }
}
