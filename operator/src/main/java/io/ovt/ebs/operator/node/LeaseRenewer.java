package io.ovt.ebs.operator.node;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews each node's fencing lease on a timer of its own. Renewals inside the heartbeat waited for
 * the node read, which runs LVM and DRBD tools: on a loaded host (7 s on the VMs) the lease ran out
 * between renewals and a healthy primary without its peer fenced itself.
 */
public final class LeaseRenewer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewer.class);

  private record Renewal(Duration interval, ScheduledFuture<?> future) {}

  private final ScheduledExecutorService timer;
  private final Map<String, Renewal> renewals = new ConcurrentHashMap<>();

  /** A renewer with {@code threads} threads: a node that hangs holds one for its call timeout. */
  public LeaseRenewer(int threads) {
    this.timer =
        Executors.newScheduledThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "lease-renewer");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code renew} for the node every {@code interval}, from now if it was not running; a call
   * with the interval it already has changes nothing.
   */
  public void keep(String node, Duration interval, Runnable renew) {
    renewals.compute(
        node,
        (name, running) -> {
          if (running != null && running.interval().equals(interval)) {
            return running;
          }
          if (running != null) {
            running.future().cancel(false);
          }
          long millis = interval.toMillis();
          return new Renewal(
              interval,
              timer.scheduleWithFixedDelay(
                  () -> {
                    try {
                      renew.run();
                    } catch (RuntimeException e) {
                      // An exception would end the schedule, and the node would fence itself.
                      LOG.error("renewing the lease of {} failed", name, e);
                    }
                  },
                  0,
                  millis,
                  TimeUnit.MILLISECONDS));
        });
  }

  /** Stops renewing the node's lease (no policy governs it any more, or it is gone). */
  public void drop(String node) {
    Renewal running = renewals.remove(node);
    if (running != null) {
      running.future().cancel(false);
    }
  }

  /** Whether the node's lease is being renewed. */
  public boolean renews(String node) {
    return renewals.containsKey(node);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
