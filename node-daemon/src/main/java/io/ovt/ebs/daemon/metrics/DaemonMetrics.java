package io.ovt.ebs.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.NodeInfo;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's capacity gauges, read from the host at each scrape (one LVM report, shared with
 * concurrent observations), so they never drift from what the node API answers.
 */
public final class DaemonMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonMetrics.class);

  /** What the node API's {@code GET /v1/node} answers. */
  @FunctionalInterface
  public interface NodeReader {
    NodeInfo node() throws StorageException;
  }

  private final NodeReader node;
  private final AtomicReference<NodeInfo.Capacity> last = new AtomicReference<>();
  private final Counter failures;

  public DaemonMetrics(MeterRegistry registry, NodeReader node) {
    this.node = node;
    gauge(registry, "ebs_daemon_vg_size_bytes", "Size of the volume group", c -> c.vgSizeBytes());
    gauge(
        registry,
        "ebs_daemon_vg_free_bytes",
        "Free space in the volume group",
        c -> c.vgFreeBytes());
    gauge(
        registry,
        "ebs_daemon_thin_pool_size_bytes",
        "Size of the thin pool",
        c -> c.thinPool() == null ? Double.NaN : c.thinPool().sizeBytes());
    gauge(
        registry,
        "ebs_daemon_thin_pool_data_percent",
        "Thin pool data usage",
        c -> c.thinPool() == null ? Double.NaN : c.thinPool().dataPercent());
    gauge(
        registry,
        "ebs_daemon_thin_pool_metadata_percent",
        "Thin pool metadata usage",
        c -> c.thinPool() == null ? Double.NaN : c.thinPool().metadataPercent());
    failures =
        Counter.builder("ebs_daemon_capacity_read_failures_total")
            .description("Scrapes at which the host's capacity could not be read")
            .register(registry);
  }

  /** Reads the capacity for the scrape that follows; a failure leaves the gauges empty (NaN). */
  public void refresh() {
    try {
      last.set(node.node().capacity());
    } catch (StorageException | RuntimeException e) {
      failures.increment();
      last.set(null);
      LOG.warn("cannot read the host's capacity for the metrics: {}", e.getMessage());
    }
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      java.util.function.ToDoubleFunction<NodeInfo.Capacity> value) {
    Gauge.builder(name, last, l -> l.get() == null ? Double.NaN : value.applyAsDouble(l.get()))
        .description(description)
        .register(registry);
  }
}
