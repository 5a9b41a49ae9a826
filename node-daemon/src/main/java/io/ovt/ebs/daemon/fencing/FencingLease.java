package io.ovt.ebs.daemon.fencing;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's fencing lease on the monotonic clock. Unarmed until first granted; from then on it is
 * armed for good, and the duration is recorded so that a restarted daemon counts a full lease from
 * its own start: it cannot know when the last renewal came, and must still fence if nobody renews.
 */
public final class FencingLease {
  /** The shortest lease the operator may ask for. */
  public static final Duration MIN = Duration.ofSeconds(1);

  /** The longest lease the operator may ask for. */
  public static final Duration MAX = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(FencingLease.class);

  private final NanoClock clock;
  private final LeaseStore store;
  private Duration duration;
  private Duration recorded;
  private long grantedAt;

  /** Reads the recorded lease: if there is one, it is armed from now. */
  public FencingLease(NanoClock clock, LeaseStore store) {
    this.clock = clock;
    this.store = store;
    Optional<Duration> found;
    try {
      found = store.load();
    } catch (IOException e) {
      // A lease was granted once but its length is unreadable: fence as soon as any lease could.
      LOG.warn(
          "cannot read the recorded fencing lease ({}); counting the shortest", e.getMessage());
      found = Optional.of(MIN);
    }
    found.ifPresent(
        d -> {
          duration = d;
          recorded = d;
          grantedAt = clock.nanoTime();
          LOG.info("fencing lease of {} ms recorded: armed, counted from this start", d.toMillis());
        });
  }

  /**
   * Grants (renews) the lease for {@code requested} from now; the new duration is on disk before
   * the lease counts, so a refused write leaves the previous lease as it was.
   */
  public synchronized Duration grant(Duration requested) throws StorageException {
    if (requested.compareTo(MIN) < 0 || requested.compareTo(MAX) > 0) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST,
          "durationMillis must be between " + MIN.toMillis() + " and " + MAX.toMillis());
    }
    long now = clock.nanoTime();
    if (!requested.equals(recorded)) {
      try {
        store.save(requested);
      } catch (IOException e) {
        throw new StorageException(
            ErrorCode.COMMAND_FAILED,
            "cannot record the fencing lease: " + e.getMessage(),
            List.of(),
            null);
      }
      recorded = requested;
    }
    duration = requested;
    grantedAt = now;
    return requested;
  }

  /** The lease now. */
  public synchronized LeaseState state() {
    return duration == null
        ? LeaseState.unarmed()
        : LeaseState.at(clock.nanoTime(), grantedAt, duration);
  }
}
