package io.ovt.ebs.daemon.snapshot;

import io.ovt.ebs.daemon.converge.Converger.StorageWork;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.IoSuspension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O suspensions this daemon holds on its primaries. Each ends by a release or by its timer,
 * whichever comes first, so a lost operator never leaves a volume frozen.
 */
public final class IoSuspensions implements AutoCloseable {
  /** The longest hold a caller may ask for: applications see a stall of up to this long. */
  public static final Duration MAX_HOLD = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(IoSuspensions.class);

  private final DrbdTool drbd;
  private final Clock clock;
  private final Predicate<String> fenced;
  private final ScheduledExecutorService timer;
  private final Map<String, Held> held = new ConcurrentHashMap<>();

  /** Suspensions on a node that never fences. */
  public IoSuspensions(DrbdTool drbd, Clock clock) {
    this(drbd, clock, volume -> false);
  }

  /**
   * Suspensions that leave the I/O of fenced volumes held when they end: only the fence's own exit
   * may release it.
   */
  public IoSuspensions(DrbdTool drbd, Clock clock, Predicate<String> fenced) {
    this.drbd = drbd;
    this.clock = clock;
    this.fenced = fenced;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "io-suspension-timer");
              t.setDaemon(true);
              return t;
            });
  }

  /** One held suspension; its monitor orders a snapshot under it against its end. */
  private static final class Held {
    final String id = UUID.randomUUID().toString();
    final String volume;
    final Instant until;
    ScheduledFuture<?> timer;
    boolean ended;

    Held(String volume, Instant until) {
      this.volume = volume;
      this.until = until;
    }
  }

  /** Suspends the volume's I/O ({@code drbdadm suspend-io}) for at most {@code hold}. */
  public IoSuspension suspend(String volume, Duration hold) throws StorageException {
    if (hold.isNegative() || hold.isZero() || hold.compareTo(MAX_HOLD) > 0) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST,
          "hold must be more than 0 and at most " + MAX_HOLD.toSeconds() + " s");
    }
    if (fenced.test(volume)) {
      throw StorageException.refused(
          ErrorCode.STATE_CHANGE_REFUSED,
          volume + " is fenced: its I/O is already held until the volume leaves the fence");
    }
    Held existing = held.get(volume);
    if (existing != null) {
      throw StorageException.refused(
          ErrorCode.RESOURCE_IN_USE,
          volume + "'s I/O is already held (suspension " + existing.id + ")");
    }
    drbd.suspendIo(volume);
    Held h = new Held(volume, clock.instant().plus(hold));
    held.put(volume, h);
    synchronized (h) {
      h.timer = timer.schedule(() -> timedOut(h), hold.toMillis(), TimeUnit.MILLISECONDS);
    }
    return new IoSuspension(h.id, h.until);
  }

  /** Releases a suspension; true when it held until now, false when it had already ended. */
  public boolean resume(String volume, String id) throws StorageException {
    Held h = held.get(volume);
    if (h == null || !h.id.equals(id)) {
      return false;
    }
    return end(h);
  }

  /**
   * Runs {@code work} while the suspension still holds, keeping its timer from ending it meanwhile;
   * refuses when it has ended, as the work would no longer see the held point.
   */
  public <T> T whileHeld(String volume, String id, StorageWork<T> work) throws StorageException {
    Held h = held.get(volume);
    if (h != null && h.id.equals(id)) {
      synchronized (h) {
        if (!h.ended) {
          return work.run();
        }
      }
    }
    throw StorageException.refused(
        ErrorCode.SUSPENSION_ENDED,
        "the I/O suspension "
            + id
            + " of "
            + volume
            + " has ended, so writes may have happened since; take both snapshots again");
  }

  /**
   * Resumes connected resources suspended by nobody this daemon knows: a previous daemon that died
   * while holding them. Disconnected ones are left alone, as DRBD's fencing may hold them.
   */
  public void resumeOrphans(List<DrbdResourceStatus> status) {
    for (DrbdResourceStatus s : status) {
      if (s.ioSuspended()
          && s.connection() == ConnectionState.Connected
          && !held.containsKey(s.name())) {
        try {
          LOG.warn("{}: I/O suspended by no one this daemon knows; resuming it", s.name());
          drbd.resumeIo(s.name());
        } catch (StorageException e) {
          LOG.error("{}: cannot resume its I/O: {}", s.name(), e.getMessage());
        }
      }
    }
  }

  /** The volumes whose I/O a suspension of this daemon holds now. */
  public Set<String> volumes() {
    return Set.copyOf(held.keySet());
  }

  @Override
  public void close() {
    for (Held h : List.copyOf(held.values())) {
      try {
        end(h);
      } catch (StorageException e) {
        LOG.error("{}: cannot resume its I/O: {}", h.volume, e.getMessage());
      }
    }
    timer.shutdownNow();
  }

  private void timedOut(Held h) {
    try {
      if (end(h)) {
        LOG.warn("{}: I/O suspension {} timed out; I/O resumed", h.volume, h.id);
      }
    } catch (StorageException e) {
      LOG.error("{}: cannot resume its I/O after the suspension timed out: {}", h.volume, e);
    }
  }

  private boolean end(Held h) throws StorageException {
    synchronized (h) {
      if (h.ended) {
        return false;
      }
      h.ended = true;
      held.remove(h.volume, h);
      if (h.timer != null) {
        h.timer.cancel(false);
      }
    }
    if (fenced.test(h.volume)) {
      LOG.info(
          "{}: I/O suspension {} ended; the I/O stays held: the volume is fenced", h.volume, h.id);
      return true;
    }
    try {
      drbd.resumeIo(h.volume);
    } catch (StorageException e) {
      // Never leave a volume frozen: keep trying until DRBD takes the resume.
      timer.schedule(() -> retryResume(h.volume), 1, TimeUnit.SECONDS);
      throw e;
    }
    return true;
  }

  private void retryResume(String volume) {
    if (fenced.test(volume)) {
      return; // fenced meanwhile: only the fence's exit releases it now
    }
    try {
      drbd.resumeIo(volume);
      LOG.info("{}: I/O resumed on retry", volume);
    } catch (StorageException e) {
      LOG.error("{}: cannot resume its I/O, retrying: {}", volume, e.getMessage());
      timer.schedule(() -> retryResume(volume), 1, TimeUnit.SECONDS);
    }
  }
}
