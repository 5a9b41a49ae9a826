package io.ovt.ebs.daemon;

import io.ovt.ebs.daemon.converge.Converger;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.ObservedVolume;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** What the node API offers, independent of HTTP: identity, observation and convergence. */
public final class NodeService {
  /** Version of this daemon, reported to the operator. */
  public static final String VERSION = "0.1.0";

  private final String backendId;
  private final StorageHost host;
  private final HostLayout layout;
  private final Converger converger;
  private final Clock clock;

  public NodeService(String backendId, StorageHost host, HostLayout layout, Clock clock) {
    this.backendId = backendId;
    this.host = host;
    this.layout = layout;
    this.converger = new Converger(host, layout);
    this.clock = clock;
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

  private static NodeInfo.ThinPoolUsage poolUsage(LogicalVolume pool) {
    return new NodeInfo.ThinPoolUsage(
        pool.name(), pool.sizeBytes(), pool.dataPercent(), pool.metadataPercent());
  }
}
