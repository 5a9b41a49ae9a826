package io.ovt.ebs.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.nodeapi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedLvmReportsTest {
  private final GatedLvm lvm = new GatedLvm();
  private final MovableClock clock = new MovableClock();
  private final SharedLvmReports shared = new SharedLvmReports(lvm, clock);
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void callersArrivingDuringAReportShareTheNextOneNotTheRunningOne() throws Exception {
    Future<LvmReport> first = pool.submit(shared::report);
    await().until(() -> lvm.started.get() == 1);
    Future<LvmReport> second = blockedCall();
    Future<LvmReport> third = blockedCall();
    // Both wait for the running report to end: it may predate what they just changed.
    assertThat(lvm.started).hasValue(1);

    lvm.finish(report(1));
    assertThat(first.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(1);
    await().until(() -> lvm.started.get() == 2);
    lvm.finish(report(2));

    assertThat(second.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(2);
    assertThat(third.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(2);
    assertThat(lvm.started).hasValue(2);
  }

  @Test
  void aFailedReportFailsEveryoneWhoSharedItAndTheNextCallReadsAgain() throws Exception {
    Future<LvmReport> first = pool.submit(shared::report);
    await().until(() -> lvm.started.get() == 1);
    Future<LvmReport> second = blockedCall();
    Future<LvmReport> third = blockedCall();
    lvm.finish(report(1));
    first.get(10, TimeUnit.SECONDS);
    await().until(() -> lvm.started.get() == 2);
    lvm.fail("Volume group \"volumes\" not found");

    for (Future<LvmReport> f : List.of(second, third)) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StorageException.class)
          .hasMessageContaining("not found");
    }
    Future<LvmReport> again = pool.submit(shared::report);
    await().until(() -> lvm.started.get() == 3);
    lvm.finish(report(3));
    assertThat(again.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(3);
  }

  @Test
  void aRecentReportIsReusedUntilItIsTooOld() throws Exception {
    LvmReport read = readNow(1);

    clock.advance(Duration.ofSeconds(20));
    assertThat(shared.recentReport(Duration.ofSeconds(20))).isSameAs(read);
    assertThat(lvm.started).hasValue(1);

    clock.advance(Duration.ofMillis(1));
    Future<LvmReport> fresh = pool.submit(() -> shared.recentReport(Duration.ofSeconds(20)));
    await().until(() -> lvm.started.get() == 2);
    lvm.finish(report(2));
    assertThat(fresh.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(2);
  }

  @Test
  void anyChangeMadeSinceTheLastReportForcesANewOne() throws Exception {
    readNow(1);
    shared.createThick("vol", 1 << 20, Set.of("ebs"));

    Future<LvmReport> fresh = pool.submit(() -> shared.recentReport(Duration.ofMinutes(1)));
    await().until(() -> lvm.started.get() == 2);
    lvm.finish(report(2));
    assertThat(fresh.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(2);
    assertThat(lvm.changes).containsExactly("createThick vol");
  }

  @Test
  void aReportOverlappingAChangeIsNotReusedAfterIt() throws Exception {
    Future<LvmReport> during = pool.submit(shared::report);
    await().until(() -> lvm.started.get() == 1);
    shared.remove("old"); // ends while the report still runs
    lvm.finish(report(1));
    during.get(10, TimeUnit.SECONDS);

    Future<LvmReport> fresh = pool.submit(() -> shared.recentReport(Duration.ofMinutes(1)));
    await().until(() -> lvm.started.get() == 2);
    lvm.finish(report(2));
    assertThat(fresh.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(2);
  }

  @Test
  void aFailedChangeStillForcesANewReport() throws Exception {
    readNow(1);
    lvm.failChanges = true;
    assertThatThrownBy(() -> shared.extend("vol", 2 << 20)).isInstanceOf(StorageException.class);

    Future<LvmReport> fresh = pool.submit(() -> shared.recentReport(Duration.ofMinutes(1)));
    await().until(() -> lvm.started.get() == 2);
    lvm.finish(report(2));
    assertThat(fresh.get(10, TimeUnit.SECONDS).freeBytes()).isEqualTo(2);
  }

  /** A call to report() from a thread of its own, returned once that thread waits. */
  private Future<LvmReport> blockedCall() {
    CompletableFuture<LvmReport> result = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                result.complete(shared.report());
              } catch (StorageException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    caller.setDaemon(true);
    caller.start();
    await().until(() -> caller.getState() == Thread.State.WAITING);
    return result;
  }

  private LvmReport readNow(long free) throws Exception {
    int before = lvm.started.get(); // before the submit: the report may start at once
    Future<LvmReport> f = pool.submit(shared::report);
    await().until(() -> lvm.started.get() == before + 1 || f.isDone());
    lvm.finish(report(free));
    return f.get(10, TimeUnit.SECONDS);
  }

  private static LvmReport report(long free) {
    return new LvmReport("volumes", 1 << 30, free, 4 << 20, List.of());
  }

  /** An LVM whose reports end when the test says, counting how many began. */
  private static final class GatedLvm implements LvmTool {
    final AtomicInteger started = new AtomicInteger();
    final List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean failChanges;
    private final LinkedBlockingQueue<CompletableFuture<LvmReport>> waiting =
        new LinkedBlockingQueue<>();

    @Override
    public LvmReport report() throws StorageException {
      CompletableFuture<LvmReport> outcome = new CompletableFuture<>();
      waiting.add(outcome);
      started.incrementAndGet();
      try {
        return outcome.get();
      } catch (Exception e) {
        if (e.getCause() instanceof StorageException s) {
          throw s;
        }
        throw new IllegalStateException(e);
      }
    }

    void finish(LvmReport report) throws InterruptedException {
      waiting.take().complete(report);
    }

    void fail(String stderr) throws InterruptedException {
      waiting
          .take()
          .completeExceptionally(StorageException.refused(ErrorCode.COMMAND_FAILED, stderr));
    }

    private void change(String what) throws StorageException {
      if (failChanges) {
        throw StorageException.refused(ErrorCode.COMMAND_FAILED, what + ": refused");
      }
      changes.add(what);
    }

    @Override
    public void createThick(String name, long sizeBytes, Set<String> tags) throws StorageException {
      change("createThick " + name);
    }

    @Override
    public void createThin(String name, long sizeBytes, String pool, Set<String> tags)
        throws StorageException {
      change("createThin " + name);
    }

    @Override
    public void createSnapshot(String origin, String name, long cowBytes, Set<String> tags)
        throws StorageException {
      change("createSnapshot " + name);
    }

    @Override
    public void removeTag(String name, String tag) throws StorageException {
      change("removeTag " + name);
    }

    @Override
    public void extend(String name, long sizeBytes) throws StorageException {
      change("extend " + name);
    }

    @Override
    public void remove(String name) throws StorageException {
      change("remove " + name);
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-02T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
