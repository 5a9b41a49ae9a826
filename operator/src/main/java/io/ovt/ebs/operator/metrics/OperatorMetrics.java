package io.ovt.ebs.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.replication.FailoverTrigger;
import io.ovt.ebs.operator.cluster.ClusterView;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the operator counts (events, failovers, fencing) and the gauges it reads from its caches;
 * exposed in Prometheus format by {@link MetricsEndpoint}.
 */
public final class OperatorMetrics {
  // Event reasons that mean a node's or replica's I/O was fenced or its standby left behind.
  private static final Set<String> FENCING = Set.of("Fenced", "StandbyOutdated", "LeaseRefused");

  private final MeterRegistry registry;
  private final Clock clock;
  private final ClusterGauges gauges;
  private final AtomicReference<ClusterView> view = new AtomicReference<>();

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.gauges = new ClusterGauges(registry);
  }

  /** The registry the operator's and JOSDK's meters are in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The caches the gauges are read from, once the reconciler that has them all is started. */
  public void watch(ClusterView cluster) {
    view.set(cluster);
  }

  /** Brings the gauges up to date with the caches; called before each scrape. */
  public void refresh() {
    ClusterView cluster = view.get();
    if (cluster != null) {
      gauges.refresh(cluster, clock.instant());
    }
  }

  /** Counts an event the operator posted, and a fencing one once more on its own counter. */
  public void event(HasMetadata object, String type, String reason) {
    Counter.builder("ebs.operator.events")
        .description("Kubernetes events the operator posted")
        .tags("kind", object.getKind(), "type", type, "reason", reason)
        .register(registry)
        .increment();
    if (FENCING.contains(reason)) {
      Counter.builder("ebs.fencing.events")
          .description("Fencing: a node holding I/O, a primary writing alone, a refused lease")
          .tags("kind", object.getKind(), "reason", reason)
          .register(registry)
          .increment();
    }
  }

  /** Counts a failover or switchover that began. */
  public void failoverStarted(FailoverTrigger trigger) {
    Counter.builder("ebs.failovers.started")
        .description("Failovers and planned switchovers begun")
        .tags("trigger", String.valueOf(trigger))
        .register(registry)
        .increment();
  }

  /** Records a completed failover's duration, from its record. */
  public void failoverCompleted(FailoverRecord record) {
    Timer.builder("ebs.failover.duration")
        .description("From the failover decision until every volume is served by the new node")
        .tags("trigger", String.valueOf(record.getTrigger()))
        .register(registry)
        .record(
            Duration.ofMillis(record.getDurationMillis() == null ? 0 : record.getDurationMillis()));
  }
}
