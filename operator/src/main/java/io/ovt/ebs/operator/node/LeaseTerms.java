package io.ovt.ebs.operator.node;

import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.cluster.ClusterView;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node is watched: the fencing lease it is granted (the shortest of the failover policies of
 * its pairs; none when no policy governs it), how often it is heartbeaten, and how long one
 * heartbeat may take. Pure.
 *
 * @param lease the lease to grant, or empty when no policy governs a pair of the node
 * @param interval time between heartbeats
 * @param callTimeout how long a lease renewal may take before the node counts as silent
 */
public record LeaseTerms(Optional<Duration> lease, Duration interval, Duration callTimeout) {

  /** The terms of the node of that name. */
  public static LeaseTerms of(String node, ClusterView cluster, OperatorSettings settings) {
    List<FailoverPolicySpec> governing =
        cluster
            .policies()
            .map(FailoverPolicy::getSpec)
            .filter(Objects::nonNull)
            .filter(
                spec ->
                    cluster
                        .pair(spec.getPair())
                        .map(p -> p.getSpec().getNodes().contains(node))
                        .orElse(false))
            .toList();
    return of(governing, settings);
  }

  /** The terms under these policies. */
  static LeaseTerms of(List<FailoverPolicySpec> governing, OperatorSettings settings) {
    Duration interval = settings.heartbeatInterval();
    Optional<Duration> lease = Optional.empty();
    for (FailoverPolicySpec spec : governing) {
      Duration beat = Duration.ofSeconds(orDefault(spec.getHeartbeatIntervalSeconds(), 2));
      Duration fence = leaseOf(spec);
      interval = min(interval, beat);
      lease = Optional.of(lease.map(l -> min(l, fence)).orElse(fence));
    }
    // A renewal (no command runs for it) that takes longer than the gap between heartbeats says
    // the node is not well.
    Duration timeout = lease.isEmpty() ? settings.nodeCallTimeout() : max(interval, ONE_SECOND);
    return new LeaseTerms(lease, interval, min(timeout, settings.nodeCallTimeout()));
  }

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  /** The longest a node may go on serving unheard of when nothing fails it over by itself. */
  public static final Duration MANUAL_LEASE = Duration.ofSeconds(60);

  /**
   * The lease a policy's nodes hold: its fencingLeaseSeconds when failover is automatic; without
   * automatic failover nothing hurries, so a long lease keeps a slow heartbeat from fencing a
   * healthy node, and a person's failover of a dead node waits that long.
   */
  public static Duration leaseOf(FailoverPolicySpec spec) {
    Duration fence = Duration.ofSeconds(orDefault(spec.getFencingLeaseSeconds(), 6));
    return Boolean.TRUE.equals(spec.getAutomatic()) || fence.compareTo(MANUAL_LEASE) >= 0
        ? fence
        : MANUAL_LEASE;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
