package io.ovt.ebs.daemon;

import io.ovt.ebs.daemon.converge.Converger;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.snapshot.IoSuspensions;
import io.ovt.ebs.daemon.snapshot.SnapshotService;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the node API offers, independent of HTTP: identity, observation and convergence. */
public final class NodeService implements AutoCloseable {
  /** Version of this daemon, reported to the operator. */
  public static final String VERSION = "0.1.0";

  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  private final String backendId;
  private final StorageHost host;
  private final HostLayout layout;
  private final Converger converger;
  private final Clock clock;
  private final IoSuspensions suspensions;
  private final SnapshotService snapshots;

  public NodeService(String backendId, StorageHost host, HostLayout layout, Clock clock) {
    this.backendId = backendId;
    this.host = host;
    this.layout = layout;
    this.converger = new Converger(host, layout);
    this.clock = clock;
    this.suspensions = new IoSuspensions(host.drbd(), clock);
    this.snapshots = new SnapshotService(host, layout, converger, suspensions);
    try {
      suspensions.resumeOrphans(host.drbd().status());
    } catch (StorageException e) {
      LOG.warn("cannot read DRBD's state at start: {}", e.getMessage());
    }
  }

  /** Identity, versions and capacity. */
  public NodeInfo node() throws StorageException {
    LvmReport report = host.lvm().report();
    NodeInfo.ThinPoolUsage pool =
        layout.thinPool() == null
            ? null
            : report.lv(layout.thinPool()).map(NodeService::poolUsage).orElse(null);
    return new NodeInfo(
        backendId,
        host.hostname(),
        host.type(),
        host.versions(VERSION),
        new NodeInfo.Capacity(report.volumeGroup(), report.sizeBytes(), report.freeBytes(), pool),
        clock.instant());
  }

  /** Every volume on this node. */
  public List<ObservedVolume> volumes() throws StorageException {
    return converger.observeAll();
  }

  /** One volume, if the node has any trace of it. */
  public Optional<ObservedVolume> volume(String name) throws StorageException {
    return converger.observe(name);
  }

  /** Converges one volume. */
  public ObservedVolume converge(DesiredVolume desired) throws StorageException {
    return converger.converge(desired);
  }

  /** Removes one volume. */
  public void remove(String name) throws StorageException {
    converger.remove(name);
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

  /** Holds a primary's I/O until released or for at most {@code hold}. */
  public IoSuspension suspendIo(String volume, Duration hold) throws StorageException {
    return snapshots.suspendIo(volume, hold);
  }

  /** Releases an I/O suspension; true when it held until now. */
  public boolean resumeIo(String volume, String suspensionId) throws StorageException {
    return snapshots.resumeIo(volume, suspensionId);
  }

  /** Resumes every I/O this daemon still holds. */
  @Override
  public void close() {
    suspensions.close();
  }

  private static NodeInfo.ThinPoolUsage poolUsage(LogicalVolume pool) {
    return new NodeInfo.ThinPoolUsage(
        pool.name(), pool.sizeBytes(), pool.dataPercent(), pool.metadataPercent());
  }
}
