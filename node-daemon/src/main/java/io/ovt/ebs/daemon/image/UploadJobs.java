package io.ovt.ebs.daemon.image;

import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.converge.HostObservation;
import io.ovt.ebs.daemon.converge.ObservedVolumes;
import io.ovt.ebs.daemon.converge.VolumeView;
import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.UploadPhase;
import io.ovt.ebs.nodeapi.UploadRequest;
import io.ovt.ebs.nodeapi.UploadState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads of snapshots to image stores this daemon runs, each in its own thread. Their state
 * lives only here: after a restart the operator finds no job and starts it again.
 */
public final class UploadJobs {
  private static final Logger LOG = LoggerFactory.getLogger(UploadJobs.class);

  private static final class Job {
    final String name;
    final UploadRequest request;
    final CountDownLatch finished = new CountDownLatch(1);
    volatile Thread thread;
    volatile long sent;
    volatile long total = 1;
    volatile UploadPhase phase = UploadPhase.RUNNING;
    volatile ImageTool.Uploaded result;
    volatile String error;

    Job(String name, UploadRequest request) {
      this.name = name;
      this.request = request;
    }

    UploadState state() {
      ImageTool.Uploaded done = result;
      double percent =
          phase == UploadPhase.DONE
              ? 100.0
              : Math.min(99.9, Math.floor(1000.0 * sent / total) / 10);
      return new UploadState(
          name,
          phase,
          percent,
          done == null ? null : done.bytes(),
          done == null ? null : done.sha256(),
          error);
    }
  }

  private final StorageHost host;
  private final HostLayout layout;
  private final ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();

  public UploadJobs(StorageHost host, HostLayout layout) {
    this.host = host;
    this.layout = layout;
  }

  /**
   * Starts the upload unless a job of that name runs, is done or was refused; a failed one starts
   * again. A job of that name for another request is a conflict.
   */
  public synchronized UploadState start(String name, UploadRequest request)
      throws StorageException {
    List<String> problems = new ArrayList<>(NodeApiValidation.problems(request));
    if (!NodeApiValidation.isValidVolumeName(name)) {
      problems.add("upload name must be a DNS label");
    }
    if (!problems.isEmpty()) {
      throw StorageException.refused(ErrorCode.INVALID_REQUEST, String.join("; ", problems));
    }
    Job previous = jobs.get(name);
    if (previous != null && !previous.request.equals(request)) {
      throw StorageException.refused(
          ErrorCode.CONFLICT, "upload " + name + " exists for another request; delete it first");
    }
    if (previous != null && previous.phase != UploadPhase.FAILED) {
      return previous.state();
    }
    Job job = new Job(name, request);
    jobs.put(name, job);
    Optional<String> missing = refusal(request);
    if (missing.isPresent()) {
      job.error = missing.get();
      job.phase = UploadPhase.REFUSED;
      job.finished.countDown();
      return job.state();
    }
    long dataBytes = dataBytes(request);
    Thread thread = new Thread(() -> run(job, dataBytes), "ebs-upload-" + name);
    thread.setDaemon(true);
    job.thread = thread;
    thread.start();
    return job.state();
  }

  /** The job's state, if there is one. */
  public Optional<UploadState> state(String name) {
    return Optional.ofNullable(jobs.get(name)).map(Job::state);
  }

  /** Stops the job if it runs, waits until it let go of the snapshot, and forgets it. */
  public void delete(String name) throws InterruptedException {
    Job job = jobs.remove(name);
    if (job != null && job.thread != null) {
      job.thread.interrupt();
      job.finished.await(1, TimeUnit.MINUTES);
    }
  }

  /** Why the snapshot cannot be uploaded (it is missing or not the volume's), if it cannot. */
  private Optional<String> refusal(UploadRequest request) throws StorageException {
    Optional<LogicalVolume> lv = HostObservation.of(host).lv(request.snapshot());
    if (lv.isEmpty()) {
      return Optional.of("no snapshot " + request.snapshot() + " on this node");
    }
    LogicalVolume s = lv.get();
    if (!s.hasTag(layout.snapshotTag())
        || (s.origin() != null && !s.origin().equals(request.volume()))) {
      return Optional.of(
          "the LV " + request.snapshot() + " is not an EBS snapshot of " + request.volume());
    }
    return Optional.empty();
  }

  private long dataBytes(UploadRequest request) throws StorageException {
    LogicalVolume lv = HostObservation.of(host).lv(request.snapshot()).orElseThrow();
    return ObservedVolumes.snapshot(
            request.volume(), new VolumeView.SnapshotLv(lv, List.of()), layout)
        .dataBytes();
  }

  private void run(Job job, long dataBytes) {
    UploadRequest r = job.request;
    LOG.info("uploading {} ({} bytes of {}) to {}", job.name, dataBytes, r.snapshot(), r.url());
    try {
      job.result =
          host.images()
              .upload(
                  r.snapshot(),
                  dataBytes,
                  r.format(),
                  r.url(),
                  (bytes, total) -> {
                    job.total = Math.max(1, total);
                    job.sent = bytes;
                  });
      job.error = null;
      job.phase = UploadPhase.DONE;
      LOG.info("uploaded {}: {}", job.name, job.result);
    } catch (StorageException e) {
      job.error = e.getMessage();
      job.phase =
          e.code() == ErrorCode.INVALID_REQUEST || e.code() == ErrorCode.NOT_FOUND
              ? UploadPhase.REFUSED
              : UploadPhase.FAILED;
      LOG.warn("upload {} failed: {}", job.name, e.getMessage());
    } catch (InterruptedException e) {
      job.error = "stopped";
      job.phase = UploadPhase.FAILED;
    } catch (RuntimeException e) {
      job.error = "unexpected failure: " + e;
      job.phase = UploadPhase.FAILED;
      LOG.error("upload {} failed", job.name, e);
    } finally {
      job.finished.countDown();
    }
  }
}
