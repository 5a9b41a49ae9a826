package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background initialisations of this daemon, one per volume at most. Their state lives only
 * here: after a restart the LV's init tag makes the planner start the copy again.
 */
final class InitJobs {
  private static final Logger LOG = LoggerFactory.getLogger(InitJobs.class);

  private static final class Job {
    volatile long total;
    final CountDownLatch finished = new CountDownLatch(1);
    volatile Thread thread;
    volatile long done;
    volatile InitProgress.Phase phase = InitProgress.Phase.RUNNING;
    volatile String error;

    Job(long total, String previousError) {
      this.total = Math.max(1, total);
      this.error = previousError;
    }

    InitProgress progress() {
      double percent = Math.min(100.0, Math.floor(1000.0 * done / total) / 10.0);
      return new InitProgress(phase, phase == InitProgress.Phase.DONE ? 100.0 : percent, error);
    }
  }

  private final StorageHost host;
  private final ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();

  InitJobs(StorageHost host) {
    this.host = host;
  }

  /** What the initialisation of that volume is doing. */
  InitProgress progress(String name) {
    Job job = jobs.get(name);
    return job == null ? InitProgress.NONE : job.progress();
  }

  /** Starts the initialisation in the background, unless one runs for that volume. */
  void start(Action.Background action) {
    Job previous = jobs.get(action.name());
    if (previous != null && previous.phase == InitProgress.Phase.RUNNING) {
      return;
    }
    Job job = new Job(action.totalBytes(), previous == null ? null : previous.error);
    jobs.put(action.name(), job);
    Thread thread = new Thread(() -> run(action, job), "ebs-init-" + action.name());
    thread.setDaemon(true);
    job.thread = thread;
    thread.start();
  }

  /** Stops a running initialisation and waits for it to let go of the LVs. */
  void cancel(String name) throws InterruptedException {
    Job job = jobs.remove(name);
    if (job != null && job.thread != null) {
      job.thread.interrupt();
      job.finished.await(1, TimeUnit.MINUTES);
    }
  }

  /** Forgets a finished initialisation, once its LV no longer carries the init tag. */
  void forget(String name) {
    jobs.remove(name);
  }

  private void run(Action.Background action, Job job) {
    LOG.info("initialising {}: {}", action.name(), action);
    try {
      action.run(
          host,
          new Action.Progress() {
            @Override
            public void done(long bytes) {
              job.done = bytes;
            }

            @Override
            public void total(long bytes) {
              job.total = Math.max(1, bytes);
            }
          });
      job.error = null;
      job.phase = InitProgress.Phase.DONE;
      LOG.info("{} holds its data", action.name());
    } catch (StorageException e) {
      job.error = e.getMessage();
      job.phase = action.retried(e) ? InitProgress.Phase.FAILED : InitProgress.Phase.REFUSED;
      LOG.warn("initialising {} failed: {}", action.name(), e.getMessage());
    } catch (InterruptedException e) {
      job.error = "stopped";
      job.phase = InitProgress.Phase.FAILED;
    } catch (RuntimeException e) {
      job.error = "unexpected failure: " + e;
      job.phase = InitProgress.Phase.FAILED;
      LOG.error("initialising {} failed", action.name(), e);
    } finally {
      job.finished.countDown();
    }
  }
}
