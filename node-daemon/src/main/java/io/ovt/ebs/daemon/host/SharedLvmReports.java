package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * LVM reports shared between callers: a report is two LVM runs, seconds on a busy host, and every
 * request observes the whole host. Callers that arrive while a report runs share the next one (a
 * report that began before a caller arrived may predate what the caller just changed, so it is
 * never handed to it), and {@link #recentReport} hands out the last one while no LVM change was
 * made since it began.
 */
public final class SharedLvmReports implements LvmTool {
  private final LvmTool lvm;
  private final Clock clock;
  private final Object lock = new Object();

  /** Counts arrivals, report starts and change starts and ends, in the order they happen. */
  private long events;

  /** The event of the last change's start or end. */
  private long lastChange;

  private int changesRunning;
  private Read running;
  private Read last;

  /** Shares the reports of {@code lvm}; ages are measured on {@code clock}. */
  public SharedLvmReports(LvmTool lvm, Clock clock) {
    this.lvm = lvm;
    this.clock = clock;
  }

  /** A report begun after this call. */
  @Override
  public LvmReport report() throws StorageException {
    Read read;
    boolean mine = false;
    synchronized (lock) {
      long arrival = ++events;
      while (running != null && running.event < arrival) {
        waitForRunning();
      }
      if (running == null) {
        running = new Read(++events, clock.instant());
        mine = true;
      }
      read = running;
    }
    return mine ? run(read) : read.await();
  }

  /**
   * The last report if it began at most {@code maxAge} ago and no LVM change was made since it
   * began; otherwise a new one. For readers that only need capacity, such as the heartbeat.
   */
  @Override
  public LvmReport recentReport(Duration maxAge) throws StorageException {
    synchronized (lock) {
      Read known = last;
      if (known != null
          && changesRunning == 0
          && known.event > lastChange
          && !known.startedAt.plus(maxAge).isBefore(clock.instant())) {
        LvmReport report = known.result.getNow(null);
        if (report != null) {
          return report;
        }
      }
    }
    return report();
  }

  @Override
  public void createThick(String name, long sizeBytes, Set<String> tags) throws StorageException {
    change(() -> lvm.createThick(name, sizeBytes, tags));
  }

  @Override
  public void createThin(String name, long sizeBytes, String pool, Set<String> tags)
      throws StorageException {
    change(() -> lvm.createThin(name, sizeBytes, pool, tags));
  }

  @Override
  public void createSnapshot(String origin, String name, long cowBytes, Set<String> tags)
      throws StorageException {
    change(() -> lvm.createSnapshot(origin, name, cowBytes, tags));
  }

  @Override
  public void removeTag(String name, String tag) throws StorageException {
    change(() -> lvm.removeTag(name, tag));
  }

  @Override
  public void extend(String name, long sizeBytes) throws StorageException {
    change(() -> lvm.extend(name, sizeBytes));
  }

  @Override
  public void remove(String name) throws StorageException {
    change(() -> lvm.remove(name));
  }

  private LvmReport run(Read read) throws StorageException {
    try {
      LvmReport report = lvm.report();
      read.result.complete(report);
      return report;
    } catch (StorageException | RuntimeException e) {
      read.result.completeExceptionally(e);
      throw e;
    } finally {
      synchronized (lock) {
        if (read.result.isDone() && !read.result.isCompletedExceptionally()) {
          last = read;
        }
        running = null;
        lock.notifyAll();
      }
    }
  }

  private void change(Change change) throws StorageException {
    synchronized (lock) {
      lastChange = ++events;
      changesRunning++;
    }
    try {
      change.run();
    } finally {
      synchronized (lock) {
        lastChange = ++events;
        changesRunning--;
      }
    }
  }

  private void waitForRunning() throws StorageException {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.refused(
          ErrorCode.INTERNAL, "interrupted while waiting for an LVM report");
    }
  }

  @FunctionalInterface
  private interface Change {
    void run() throws StorageException;
  }

  /** One report: the event it began at, when, and its outcome. */
  private static final class Read {
    final long event;
    final Instant startedAt;
    final CompletableFuture<LvmReport> result = new CompletableFuture<>();

    Read(long event, Instant startedAt) {
      this.event = event;
      this.startedAt = startedAt;
    }

    LvmReport await() throws StorageException {
      try {
        return result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StorageException.refused(
            ErrorCode.INTERNAL, "interrupted while waiting for an LVM report");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StorageException s) {
          throw s;
        }
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }
}
