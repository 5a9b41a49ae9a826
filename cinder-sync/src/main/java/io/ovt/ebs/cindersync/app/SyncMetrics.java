package io.ovt.ebs.cindersync.app;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ovt.ebs.cindersync.client.CinderApiException;
import io.ovt.ebs.cindersync.kube.SyncLoop;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** cinder-sync's metrics: rounds, what they changed, errors by source, and how far behind it is. */
public final class SyncMetrics {
  /** Where a failed round's error came from. */
  public enum ErrorSource {
    /** Cinder answered 4xx: a request or credentials to fix, never retried blindly. */
    CINDER_REFUSED,
    /** Cinder answered 5xx after the retries, or could not be reached. */
    CINDER_UNAVAILABLE,
    /** The Kubernetes API refused or failed a call. */
    KUBERNETES,
    /** Anything else: a bug to report. */
    OTHER;

    /** The source of a round's exception. */
    public static ErrorSource of(Exception e) {
      if (e instanceof CinderApiException c) {
        return c.isClientError() ? CINDER_REFUSED : CINDER_UNAVAILABLE;
      }
      if (e instanceof IOException) {
        return CINDER_UNAVAILABLE;
      }
      return e instanceof KubernetesClientException ? KUBERNETES : OTHER;
    }
  }

  private final MeterRegistry registry;
  private final Clock clock;
  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private final AtomicBoolean leading = new AtomicBoolean();

  public SyncMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    Gauge.builder("ebs_cinder_sync_lag_seconds", this, SyncMetrics::lagSeconds)
        .description(
            "Seconds since the last round that completed: the mirror reflects Cinder as of then")
        .register(registry);
    Gauge.builder(
            "ebs_cinder_sync_last_success_timestamp_seconds",
            lastSuccess,
            t -> t.get() == null ? Double.NaN : t.get().getEpochSecond())
        .description("When the last round that completed ended")
        .register(registry);
    Gauge.builder("ebs_cinder_sync_leader", leading, l -> l.get() ? 1 : 0)
        .description("1 while this replica holds the lease and runs the rounds")
        .register(registry);
  }

  /** A round that completed, and how long it took. */
  public void succeeded(SyncLoop.Round round, Duration took) {
    String kind = kind(round.full());
    Counter.builder("ebs_cinder_sync_rounds_total")
        .description("Rounds run, by kind and outcome")
        .tags("kind", kind, "outcome", "completed")
        .register(registry)
        .increment();
    Timer.builder("ebs_cinder_sync_round_seconds")
        .description("How long a completed round took")
        .tag("kind", kind)
        .register(registry)
        .record(took);
    for (MirrorAction a : round.actions()) {
      Counter.builder("ebs_cinder_sync_actions_total")
          .description("Changes made to mirrored Volumes, and reports, by action")
          .tag("action", actionName(a))
          .register(registry)
          .increment();
    }
    for (ServiceStateSync.Decision d : round.services()) {
      if (!(d instanceof ServiceStateSync.InStep)) {
        Counter.builder("ebs_cinder_sync_service_changes_total")
            .description("Service replication states carried between Cinder and the policies")
            .tag("decision", d.getClass().getSimpleName())
            .register(registry)
            .increment();
      }
    }
    lastSuccess.set(clock.instant());
  }

  /** A round that failed. */
  public void failed(boolean full, Exception e) {
    Counter.builder("ebs_cinder_sync_rounds_total")
        .description("Rounds run, by kind and outcome")
        .tags("kind", kind(full), "outcome", "failed")
        .register(registry)
        .increment();
    Counter.builder("ebs_cinder_sync_errors_total")
        .description("Rounds that failed, by where the error came from")
        .tag("source", ErrorSource.of(e).name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** Whether this replica now leads. */
  public void leading(boolean now) {
    leading.set(now);
  }

  private double lagSeconds() {
    Instant last = lastSuccess.get();
    return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
  }

  private static String kind(boolean full) {
    return full ? "full" : "incremental";
  }

  private static String actionName(MirrorAction a) {
    // Create -> create, NoteStatus -> note_status: the record names, in Prometheus' style.
    return a.getClass()
        .getSimpleName()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT);
  }
}
