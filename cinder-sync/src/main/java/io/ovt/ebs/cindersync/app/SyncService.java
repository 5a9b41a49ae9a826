package io.ovt.ebs.cindersync.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.ovt.ebs.cindersync.kube.SyncLoop;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cinder-sync's rounds one after another, a poll interval apart, while this replica holds the
 * lease (always, without an election). When Cinder refuses a round (4xx), the next waits longer
 * each time, up to {@link #MAX_BACKOFF}: a refused request is not sent again at full speed.
 */
public final class SyncService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  /**
   * The Lease that elects the one replica running rounds.
   *
   * @param identity this replica's name in the Lease (the pod name)
   */
  public record Election(
      String namespace,
      String leaseName,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {

    /** Kubernetes' usual timings: a dead leader's lease is taken over within 15 s. */
    public static Election standard(String namespace, String identity) {
      return new Election(
          namespace,
          "ebs-cinder-sync",
          identity,
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2));
    }
  }

  private final SyncLoop loop;
  private final SyncMetrics metrics;
  private final Duration poll;
  private final ScheduledExecutorService rounds =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cinder-sync-rounds");
            t.setDaemon(true);
            return t;
          });
  private final CompletableFuture<Void> lost = new CompletableFuture<>();
  private volatile CompletableFuture<?> election;
  private volatile boolean running;
  private int refusedInARow;

  private SyncService(SyncLoop loop, SyncMetrics metrics, Duration poll) {
    this.loop = loop;
    this.metrics = metrics;
    this.poll = poll;
  }

  /** Starts rounds now, or once elected. */
  public static SyncService start(
      KubernetesClient kube,
      SyncLoop loop,
      SyncMetrics metrics,
      Duration poll,
      Optional<Election> election) {
    SyncService service = new SyncService(loop, metrics, poll);
    if (election.isEmpty()) {
      service.lead();
      return service;
    }
    Election e = election.get();
    service.election =
        kube.leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("ebs-cinder-sync")
                    .withLock(new LeaseLock(e.namespace(), e.leaseName(), e.identity()))
                    .withLeaseDuration(e.leaseDuration())
                    .withRenewDeadline(e.renewDeadline())
                    .withRetryPeriod(e.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            service::lead,
                            service::stopLeading,
                            leader -> LOG.info("cinder-sync leader is {}", leader)))
                    .build())
            .build()
            .start();
    return service;
  }

  /**
   * Completes when this replica loses the lease it held: its rounds have stopped, and the process
   * should exit so that it starts over as a candidate rather than act on a stale view.
   */
  public CompletableFuture<Void> leadershipLost() {
    return lost;
  }

  private void lead() {
    LOG.info("leading: mirroring rounds every {}", poll);
    running = true;
    metrics.leading(true);
    rounds.execute(this::round);
  }

  private void stopLeading() {
    boolean wasRunning = running;
    running = false;
    metrics.leading(false);
    if (wasRunning) {
      LOG.warn("lost the lease: no more rounds here");
      lost.complete(null);
    }
  }

  private void round() {
    if (!running) {
      return;
    }
    boolean full = loop.nextIsFull();
    long start = System.nanoTime();
    Duration next = poll;
    try {
      SyncLoop.Round round = loop.runOnce();
      metrics.succeeded(round, Duration.ofNanos(System.nanoTime() - start));
      refusedInARow = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      metrics.failed(full, e);
      next = afterFailure(e);
    }
    if (running && !rounds.isShutdown()) {
      rounds.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Duration afterFailure(Exception e) {
    SyncMetrics.ErrorSource source = SyncMetrics.ErrorSource.of(e);
    if (source != SyncMetrics.ErrorSource.CINDER_REFUSED) {
      refusedInARow = 0;
      LOG.warn("round failed ({}), redone whole in {}: {}", source, poll, e.toString());
      return poll;
    }
    refusedInARow++;
    Duration wait = poll.multipliedBy(1L << Math.min(refusedInARow, 16));
    wait = wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    LOG.error(
        "Cinder refused a request: {}. Check the credentials, the project's role and the"
            + " endpoint; the next round is in {}",
        e.getMessage(),
        wait);
    return wait;
  }

  @Override
  public void close() {
    running = false;
    CompletableFuture<?> e = election;
    if (e != null) {
      // Released on cancel: another replica takes over without waiting for the lease to expire.
      e.cancel(true);
    }
    rounds.shutdownNow();
    try {
      rounds.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    metrics.leading(false);
  }
}
