package io.ovt.ebs.operator.failover;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What this operator knows first-hand of each node's liveness: when its daemon last answered, and
 * until when at the latest its fencing lease can run. Kept in memory on a monotonic clock; after a
 * restart nothing is known, so every node counts as heard from, and leased, at the start.
 */
public final class NodeLeases {
  private record Heard(long atNanos) {}

  private record Granted(long answeredAtNanos, long durationNanos, List<String> fenced) {}

  /** The lease left of a node that cannot fence itself. */
  public static final Duration NEVER = Duration.ofDays(3650);

  private final LongSupplier nanoTime;
  private final long startNanos;
  private final Map<String, Heard> heard = new ConcurrentHashMap<>();
  private final Map<String, Granted> leases = new ConcurrentHashMap<>();

  /** Leases on the given monotonic clock (System::nanoTime in production). */
  public NodeLeases(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** Leases on the JVM's monotonic clock. */
  public static NodeLeases system() {
    return new NodeLeases(System::nanoTime);
  }

  /** The node's daemon answered a heartbeat just now. */
  public void answered(String node) {
    heard.put(node, new Heard(nanoTime.getAsLong()));
  }

  /**
   * The node accepted a lease of {@code duration}; its answer arrived just now. The daemon counts
   * the lease from when it received the request, which was before now, so the lease ends at the
   * latest {@code duration} from now.
   */
  public void granted(String node, Duration duration, List<String> fencedVolumes) {
    long now = nanoTime.getAsLong();
    leases.put(node, new Granted(now, duration.toNanos(), List.copyOf(fencedVolumes)));
    heard.put(node, new Heard(now));
  }

  /**
   * The node answered but refused a lease (a daemon without fencing): it never stops serving by
   * itself, so its lease counts as never running out until it accepts one.
   */
  public void refused(String node) {
    leases.put(node, new Granted(Long.MAX_VALUE, 0, List.of()));
  }

  /** How long the node has not answered (counted from this operator's start if it never did). */
  public Duration silentFor(String node) {
    Heard last = heard.get(node);
    long since = last == null ? startNanos : last.atNanos();
    return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - since));
  }

  /**
   * Whether the node's lease has surely run out, for a policy whose leases last {@code lease}: a
   * lease granted by an earlier operator is assumed to have started when this one did.
   */
  public boolean leaseExpired(String node, Duration lease) {
    return leaseLeft(node, lease).isZero();
  }

  /** The time left until the node's lease has surely run out; zero once it has. */
  public Duration leaseLeft(String node, Duration lease) {
    Granted last = leases.get(node);
    long since = last == null ? startNanos : last.answeredAtNanos();
    long duration =
        last == null ? lease.toNanos() : Math.max(last.durationNanos(), lease.toNanos());
    return Duration.ofNanos(Math.max(0, since + duration - nanoTime.getAsLong()));
  }

  /** Volumes the node said, in its last lease answer, it holds fenced. */
  public Set<String> fencedOn(String node) {
    Granted last = leases.get(node);
    return last == null ? Set.of() : Set.copyOf(last.fenced());
  }
}
