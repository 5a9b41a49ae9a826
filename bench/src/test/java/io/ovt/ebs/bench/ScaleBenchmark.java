package io.ovt.ebs.bench;

import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.OperatorSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.core.ConditionTimeoutException;

/**
 * P2, P4 and P3 of issue 10 on one simulated pair, in that order: create N volumes at once, restart
 * the operator over them, then kill the active node. Measures; asserts nothing about time.
 */
final class ScaleBenchmark {
  /** P2: all N created at once, time until every one is Ready. */
  record Create(
      int volumes, Duration requests, Duration allReady, int daemonCalls, int apiWrites) {}

  /**
   * P4: an operator restarted over N Ready volumes.
   *
   * @param steady from the start to the last change (see {@link #lastChange}; the start itself when
   *     there was none); null when never quiet for a window
   * @param window the quiet time steady state needs: two steady requeues
   * @param writes API writes after the restart, by kind
   * @param commands daemon calls after the restart that were not observations
   * @param windowWrites API writes in the last window watched
   * @param windowCalls daemon calls in the last window watched, by node and method
   * @param heapAfterGcMiB heap in use after a full GC at steady state (API server, daemons and
   *     operator all share this JVM)
   * @param stoppedHeapMiB heap in use after a full GC with the operator stopped, before the restart
   */
  record Restart(
      Duration steady,
      Duration window,
      Map<String, Integer> writes,
      Map<String, Integer> commands,
      Map<String, Integer> windowWrites,
      Map<String, Integer> windowCalls,
      long heapAfterGcMiB,
      long stoppedHeapMiB,
      long peakHeapMiB) {}

  /**
   * P3: the active node killed.
   *
   * @param decision from the kill to the failover's {@code startedAt}
   * @param served from {@code startedAt} until every volume's status names the standby primary and
   *     the standby's DRBD is primary for all of them
   * @param recorded the failover record's own {@code completedAt - startedAt}
   * @param calls daemon calls from the decision until served, by node and method
   */
  record Failover(
      Duration decision,
      Duration served,
      Duration recorded,
      int volumesMoved,
      Map<String, Integer> calls) {}

  /** All three. */
  record Result(int volumes, Create create, Restart restart, Failover failover) {}

  /**
   * The operator's production settings, but heartbeats every second (the policy's fast terms need
   * them) and Ready volumes looked at every {@code steadyRequeue}.
   */
  static OperatorSettings settings(Duration steadyRequeue) {
    OperatorSettings d = OperatorSettings.defaults();
    return new OperatorSettings(
        Duration.ofSeconds(1),
        d.nodeCallTimeout(),
        d.busyRequeue(),
        steadyRequeue,
        d.pendingRequeue(),
        d.thinOvercommit(),
        d.snapshotHold());
  }

  private final int volumes;
  private final Duration steadyRequeue;
  private final Duration timeout;
  private final Duration restartLimit;

  ScaleBenchmark(int volumes, Duration steadyRequeue, Duration timeout, Duration restartLimit) {
    this.restartLimit = restartLimit;
    this.volumes = volumes;
    this.steadyRequeue = steadyRequeue;
    this.timeout = timeout;
  }

  Result run() throws Exception {
    try (BenchCluster cluster = new BenchCluster(volumes, settings(steadyRequeue))) {
      cluster.startOperator();
      cluster.applyPair();
      Create create = create(cluster);
      Restart restart = restart(cluster);
      Failover failover = failover(cluster);
      return new Result(volumes, create, restart, failover);
    }
  }

  private Create create(BenchCluster cluster) throws Exception {
    Instant start = Instant.now();
    // Several clients' worth of requests in flight, as a burst from Cinder or CSI would be.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Volume>> created =
          java.util.stream.IntStream.range(0, volumes)
              .mapToObj(i -> pool.submit(() -> cluster.volume(String.format("vol-%05d", i))))
              .toList();
      for (Future<Volume> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    Instant requested = Instant.now();
    awaitAll(cluster, v -> BenchCluster.ready(v));
    Instant ready = Instant.now();
    return new Create(
        volumes,
        Duration.between(start, requested),
        Duration.between(start, ready),
        cluster.calls.between(start, ready).size(),
        cluster.writes.between(start, ready).size());
  }

  private Restart restart(BenchCluster cluster) {
    cluster.stopOperator();
    long withoutOperator = heapAfterGc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    Instant start = Instant.now();
    cluster.startOperator();
    // Steady: a quiet window of two steady requeues (each Ready volume looked at about twice)
    // with no write and no command, however late the last one came.
    Duration window = steadyRequeue.multipliedBy(2);
    boolean steady = true;
    try {
      await()
          .atMost(restartLimit)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  Duration.between(lastChange(cluster, start), Instant.now()).compareTo(window)
                      > 0);
    } catch (ConditionTimeoutException e) {
      steady = false; // reported with what kept changing, rather than failing the run
    }
    Instant end = Instant.now();
    Instant last = steady ? lastChange(cluster, start) : null;
    Instant windowStart = end.minus(window);
    long peak = peakHeap();
    long heap = heapAfterGc();
    List<NodeCalls.Call> after = cluster.calls.between(start, end);
    return new Restart(
        steady ? Duration.between(start, last) : null,
        window,
        ApiWrites.byKind(cluster.writes.between(start, end)),
        NodeCalls.byNodeAndMethod(after.stream().filter(c -> !c.observation()).toList()),
        ApiWrites.byKind(cluster.writes.between(windowStart, end)),
        NodeCalls.byNodeAndMethod(cluster.calls.between(windowStart, end)),
        heap,
        withoutOperator,
        peak);
  }

  private Failover failover(BenchCluster cluster) throws Exception {
    // Armed only now: with a 2 s lease, the restart above would have fenced every volume.
    Instant armed = Instant.now();
    cluster.automaticFast();
    await()
        .atMost(timeout)
        .until(
            () -> {
              Map<String, Integer> renewals =
                  NodeCalls.byNodeAndMethod(cluster.calls.between(armed, Instant.now()));
              return renewals.getOrDefault("hci-0001 renewLease", 0) >= 2
                  && renewals.getOrDefault("hci-0002 renewLease", 0) >= 2;
            });
    Instant kill = Instant.now();
    cluster.daemons.stop(BenchCluster.ACTIVE);
    cluster.host(BenchCluster.ACTIVE).powerOff();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> lastFailover(cluster) != null);
    Instant decided = Instant.parse(lastFailover(cluster).getStartedAt());
    awaitAll(
        cluster, v -> v.getStatus() != null && "hci-0002".equals(v.getStatus().getPrimaryNode()));
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                cluster.host(BenchCluster.STANDBY).drbd().status().stream()
                        .filter(s -> s.role() == Role.PRIMARY)
                        .count()
                    >= volumes);
    Instant served = Instant.now();
    await().atMost(timeout).until(() -> lastFailover(cluster).getCompletedAt() != null);
    FailoverRecord record = lastFailover(cluster);
    return new Failover(
        Duration.between(kill, decided),
        Duration.between(decided, served),
        Duration.between(decided, Instant.parse(record.getCompletedAt())),
        record.getVolumesMoved() == null ? 0 : record.getVolumesMoved(),
        NodeCalls.byNodeAndMethod(cluster.calls.between(decided, served)));
  }

  private void awaitAll(BenchCluster cluster, java.util.function.Predicate<Volume> done) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              // Resyncs progress on the manual clock only: a minute per look finishes any.
              cluster.syncClock.advance(Duration.ofMinutes(1));
              List<Volume> all = cluster.volumes();
              return all.size() == volumes && all.stream().allMatch(done);
            });
  }

  private static FailoverRecord lastFailover(BenchCluster cluster) {
    FailoverPolicy policy = cluster.policy();
    return policy.getStatus() == null ? null : policy.getStatus().getLastFailover();
  }

  /**
   * The last change since {@code start}, or start: an API write other than a StorageNode's (its
   * status carries each heartbeat's time, so it is written every heartbeat for good), or a daemon
   * call other than an observation or a PUT (every reconcile PUTs a volume's desired state again, a
   * no-op on a converged daemon: counted apart in the window's calls).
   */
  private static Instant lastChange(BenchCluster cluster, Instant start) {
    Instant last = start;
    for (ApiWrites.Write w : cluster.writes.between(start, Instant.now())) {
      if (!w.kind().equals("StorageNode") && w.at().isAfter(last)) {
        last = w.at();
      }
    }
    for (NodeCalls.Call c : cluster.calls.between(start, Instant.now())) {
      if (!c.observation() && !c.converge() && c.at().isAfter(last)) {
        last = c.at();
      }
    }
    return last;
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum()
        >> 20;
  }
}
