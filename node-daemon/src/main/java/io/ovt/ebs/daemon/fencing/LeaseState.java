package io.ovt.ebs.daemon.fencing;

import java.time.Duration;

/**
 * The fencing lease at one instant and what it means. Pure: computed from two readings of the
 * monotonic clock and the duration granted.
 *
 * @param phase where the lease is
 * @param duration the duration granted; null while unarmed
 * @param age time since the last grant (or since this daemon started, for a lease it found
 *     recorded); null while unarmed
 */
public record LeaseState(Phase phase, Duration duration, Duration age) {
  /** Where a lease is. */
  public enum Phase {
    /** Never granted: the node does not fence (tests and the standalone demo never renew). */
    UNARMED,
    /** Granted and more than the margin from its end. */
    VALID,
    /** Within the margin of its end: primaries without their peer are fenced now. */
    ENDING,
    /** Past its end: the operator may promote the peer of any primary that lost it. */
    EXPIRED
  }

  /** The largest margin: fencing takes a few commands, well under a second. */
  public static final Duration MAX_MARGIN = Duration.ofSeconds(1);

  /**
   * How long before its end the lease counts as ending: a quarter of the lease, at most {@link
   * #MAX_MARGIN}, so fencing is done before the operator's count of the same lease runs out.
   */
  public static Duration margin(Duration duration) {
    Duration quarter = duration.dividedBy(4);
    return quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN;
  }

  /** A lease never granted. */
  public static LeaseState unarmed() {
    return new LeaseState(Phase.UNARMED, null, null);
  }

  /** The lease granted (or found) at {@code grantedAtNanos}, as of {@code nowNanos}. */
  public static LeaseState at(long nowNanos, long grantedAtNanos, Duration duration) {
    Duration age = Duration.ofNanos(nowNanos - grantedAtNanos);
    Duration left = duration.minus(age);
    Phase phase;
    if (left.isNegative() || left.isZero()) {
      phase = Phase.EXPIRED;
    } else if (left.compareTo(margin(duration)) <= 0) {
      phase = Phase.ENDING;
    } else {
      phase = Phase.VALID;
    }
    return new LeaseState(phase, duration, age);
  }

  /** True when primaries that lost their peer must be fenced now. */
  public boolean mustFence() {
    return phase == Phase.ENDING || phase == Phase.EXPIRED;
  }

  /** True when a fenced primary may serve again: unarmed, or renewed and not ending. */
  public boolean valid() {
    return phase == Phase.UNARMED || phase == Phase.VALID;
  }

  /** Time left until the end; negative once past it, null while unarmed. */
  public Duration remaining() {
    return duration == null ? null : duration.minus(age);
  }
}
