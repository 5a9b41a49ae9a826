package io.ovt.ebs.daemon;

import io.ovt.ebs.daemon.converge.Converger;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.fencing.Fencing;
import io.ovt.ebs.daemon.fencing.FencingLease;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import io.ovt.ebs.daemon.fencing.FencingWatchdog;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.image.UploadJobs;
import io.ovt.ebs.daemon.snapshot.IoSuspensions;
import io.ovt.ebs.daemon.snapshot.SnapshotService;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.Lease;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.PeerLoss;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import io.ovt.ebs.nodeapi.UploadRequest;
import io.ovt.ebs.nodeapi.UploadState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the node API offers, independent of HTTP: identity, observation and convergence. */
public final class NodeService implements AutoCloseable {
  /** Version of this daemon, reported to the operator. */
  public static final String VERSION = "0.1.0";

  /** How long the tools' versions are reused before they are read again. */
  static final Duration VERSIONS_FOR = Duration.ofMinutes(5);

  /**
   * How old the LVM report behind the capacity may be: the heartbeat asks every few seconds, and
   * each fresh report is two LVM runs; any LVM change this daemon makes forces a new one.
   */
  static final Duration CAPACITY_FOR = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  private final String backendId;
  private final StorageHost host;
  private final HostLayout layout;
  private final Converger converger;
  private final Clock clock;
  private final IoSuspensions suspensions;
  private final SnapshotService snapshots;
  private final UploadJobs uploads;
  private final Fencing fencing;
  private volatile KnownVersions versions;
  private final FencingWatchdog watchdog;

  /** A node whose fencing lease is recorded in memory only. */
  public NodeService(String backendId, StorageHost host, HostLayout layout, Clock clock) {
    this(backendId, host, layout, clock, FencingSettings.inMemory());
  }

  /** A node that fences as {@code fencingSettings} say; its watchdog starts now. */
  public NodeService(
      String backendId,
      StorageHost host,
      HostLayout layout,
      Clock clock,
      FencingSettings fencingSettings) {
    this.backendId = backendId;
    this.host = host;
    this.layout = layout;
    this.fencing =
        new Fencing(
            host.drbd(), new FencingLease(fencingSettings.clock(), fencingSettings.store()));
    this.converger = new Converger(host, layout, fencing);
    this.clock = clock;
    this.suspensions = new IoSuspensions(host.drbd(), clock, fencing::isHeld);
    this.snapshots = new SnapshotService(host, layout, converger, suspensions);
    this.uploads = new UploadJobs(host, layout);
    try {
      List<DrbdResourceStatus> status = host.drbd().status();
      // Before anything resumes: what a previous daemon fenced stays fenced.
      fencing.adopt(status, suspensions.volumes());
      suspensions.resumeOrphans(status);
    } catch (StorageException e) {
      LOG.warn("cannot read DRBD's state at start: {}", e.getMessage());
    }
    Duration interval = fencingSettings.watchdogInterval();
    this.watchdog = interval == null ? null : FencingWatchdog.start(fencing, interval);
  }

  /** Identity, versions and capacity. */
  public NodeInfo node() throws StorageException {
    LvmReport report = host.lvm().recentReport(CAPACITY_FOR);
    NodeInfo.ThinPoolUsage pool =
        layout.thinPool() == null
            ? null
            : report.lv(layout.thinPool()).map(NodeService::poolUsage).orElse(null);
    return new NodeInfo(
        backendId,
        host.hostname(),
        host.type(),
        versions(),
        new NodeInfo.Capacity(report.volumeGroup(), report.sizeBytes(), report.freeBytes(), pool),
        clock.instant());
  }

  /**
   * The tools' versions, read again every {@link #VERSIONS_FOR}: they change only when packages are
   * upgraded, and reading them costs two tool runs per heartbeat on a busy host.
   */
  private NodeInfo.Versions versions() throws StorageException {
    Instant now = clock.instant();
    KnownVersions known = versions;
    if (known == null || !now.isBefore(known.at().plus(VERSIONS_FOR))) {
      known = new KnownVersions(host.versions(VERSION), now);
      versions = known;
    }
    return known.versions();
  }

  private record KnownVersions(NodeInfo.Versions versions, Instant at) {}

  /** Every volume on this node. */
  public List<ObservedVolume> volumes() throws StorageException {
    return converger.observeAll();
  }

  /** One volume, if the node has any trace of it. */
  public Optional<ObservedVolume> volume(String name) throws StorageException {
    return converger.observe(name);
  }

  /** The named volumes, if the node has any trace of them, from one observation. */
  public List<ObservedVolume> volumes(Collection<String> names) throws StorageException {
    return converger.observe(names);
  }

  /** Converges many volumes with one observation per round. */
  public List<Converger.Converged> convergeAll(List<DesiredVolume> desired)
      throws StorageException {
    return converger.convergeAll(desired);
  }

  /** Converges one volume. */
  public ObservedVolume converge(DesiredVolume desired) throws StorageException {
    return converger.converge(desired);
  }

  /** Removes one volume. */
  public void remove(String name) throws StorageException {
    converger.remove(name);
  }

  /** Turns replication off for a volume on this node, its primary; see the node API. */
  public ObservedVolume dropReplication(String name) throws StorageException {
    return converger.dropReplication(name);
  }

  /** Takes a snapshot of a volume here. */
  public ObservedSnapshot createSnapshot(String volume, SnapshotRequest request)
      throws StorageException {
    return snapshots.create(volume, request);
  }

  /** Removes a snapshot of a volume. */
  public void deleteSnapshot(String volume, String snapshot) throws StorageException {
    snapshots.delete(volume, snapshot);
  }

  /** Starts uploading a snapshot, unless that job exists; answers the job's state. */
  public UploadState startUpload(String name, UploadRequest request) throws StorageException {
    return uploads.start(name, request);
  }

  /** An upload job's state, if there is that job. */
  public Optional<UploadState> upload(String name) {
    return uploads.state(name);
  }

  /** Stops and forgets an upload job. */
  public void deleteUpload(String name) throws InterruptedException {
    uploads.delete(name);
  }

  /** Holds a primary's I/O until released or for at most {@code hold}. */
  public IoSuspension suspendIo(String volume, Duration hold) throws StorageException {
    return snapshots.suspendIo(volume, hold);
  }

  /** Releases an I/O suspension; true when it held until now. */
  public boolean resumeIo(String volume, String suspensionId) throws StorageException {
    return snapshots.resumeIo(volume, suspensionId);
  }

  /**
   * {@code PUT /v1/lease}: grants the fencing lease; answers the lease, the volumes held fenced and
   * the peer losses waiting for the operator.
   */
  public Lease renewLease(Duration duration) throws StorageException {
    return renewLease(duration, List.of());
  }

  /** {@code PUT /v1/lease} that also acknowledges the peer losses the operator recorded. */
  public Lease renewLease(Duration duration, List<PeerLoss> recorded) throws StorageException {
    return fencing.renew(duration, recorded);
  }

  /** The node's self-fencing. */
  public Fencing fencing() {
    return fencing;
  }

  /**
   * Stops the fencing watchdog and resumes every I/O suspension this daemon holds for snapshots;
   * fenced volumes stay held, for the next daemon to take over.
   */
  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.close();
    }
    suspensions.close();
  }

  private static NodeInfo.ThinPoolUsage poolUsage(LogicalVolume pool) {
    return new NodeInfo.ThinPoolUsage(
        pool.name(), pool.sizeBytes(), pool.dataPercent(), pool.metadataPercent());
  }
}
