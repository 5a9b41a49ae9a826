package io.ovt.ebs.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.failover.FailoverObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the operator counts (events, failovers, fencing) and the gauges it reads from its caches;
 * exposed in Prometheus format by {@link io.ovt.ebs.metrics.MetricsEndpoint}.
 */
public final class OperatorMetrics implements EventRecorder.Listener, FailoverObserver {
  // Event reasons that mean a node's or replica's I/O was fenced or its standby left behind.
  private static final Set<String> FENCING = Set.of("Fenced", "StandbyOutdated", "LeaseRefused");

  private final MeterRegistry registry;
  private final Clock clock;
  private final ClusterGauges gauges;
  private final AtomicReference<ClusterView> view = new AtomicReference<>();
  private final Set<String> completedRecently =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 256;
            }
          });

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

  /** Counts an event the operator posted, and fencing ones once more on their own counter. */
  @Override
  public void recorded(HasMetadata object, EventRecorder.Type type, String reason) {
    Counter.builder("ebs.operator.events")
        .description("Kubernetes events the operator posted")
        .tags("kind", object.getKind(), "type", type.name(), "reason", reason)
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

  @Override
  public void started(FailoverRecord record) {
    Counter.builder("ebs.failovers.started")
        .description("Failovers and planned switchovers begun")
        .tags("trigger", String.valueOf(record.getTrigger()))
        .register(registry)
        .increment();
  }

  @Override
  public void completed(FailoverRecord record) {
    if (record.getDurationMillis() == null || record.getTrigger() == null) {
      return;
    }
    // A status write refused after completion makes the next reconcile complete it again.
    String key = record.getStartedAt() + " " + record.getFrom() + " " + record.getTo();
    synchronized (completedRecently) {
      if (!completedRecently.add(key)) {
        return;
      }
    }
    Timer.builder("ebs.failover.duration")
        .description("From the failover decision until every volume is served by the new node")
        .tags("trigger", record.getTrigger().name())
        .register(registry)
        .record(Duration.ofMillis(record.getDurationMillis()));
  }
}
