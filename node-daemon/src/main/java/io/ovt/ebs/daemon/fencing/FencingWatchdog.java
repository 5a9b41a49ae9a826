package io.ovt.ebs.daemon.fencing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Fencing#check()} on its own thread every {@link #INTERVAL}, so fencing never waits
 * for a request or a convergence. Closing it stops the checks and leaves fenced volumes held.
 */
public final class FencingWatchdog implements AutoCloseable {
  /** How often the lease is looked at; a look costs no command while the lease is valid. */
  public static final Duration INTERVAL = Duration.ofMillis(200);

  private static final Logger LOG = LoggerFactory.getLogger(FencingWatchdog.class);

  private final ScheduledExecutorService timer;

  private FencingWatchdog(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts checking every {@code interval}. */
  public static FencingWatchdog start(Fencing fencing, Duration interval) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fencing-watchdog");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            fencing.check();
          } catch (RuntimeException e) {
            // An exception would cancel the schedule, and with it all fencing: log and go on.
            LOG.error("fencing check failed", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    return new FencingWatchdog(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
