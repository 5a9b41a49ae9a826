package io.ovt.ebs.cindersync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovt.ebs.cindersync.CinderAndKube;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.NoAuth;
import io.ovt.ebs.cindersync.client.RetryPolicy;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import io.ovt.ebs.metrics.MetricsEndpoint;
import io.ovt.ebs.metrics.Scrapes;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * cinder-sync as it runs: two replicas against the real Cinder, one holding the Lease and
 * mirroring, the other taking over when the first stops; the metrics say who leads, what the rounds
 * did and which failed, and why.
 */
class CinderSyncServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir static Path state;
  private static CinderAndKube env;
  private final List<AutoCloseable> running = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    env = CinderAndKube.start(state);
    env.cinder.openstack(
        "volume",
        "type",
        "create",
        "ebs",
        "--property",
        "volume_backend_name=ebs",
        "--property",
        "replication_enabled=<is> True");
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @AfterEach
  void stopReplicas() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    running.clear();
  }

  /** One replica as CinderSyncMain wires it, with short lease timings, and its metrics. */
  private record Replica(SyncService service, Scrapes metrics) {}

  private Replica replica(String identity, URI cinderUrl) throws Exception {
    CinderSyncMain main = new CinderSyncMain();
    new CommandLine(main)
        .parseArgs(
            "--cinder-url",
            cinderUrl.toString(),
            "--noauth-project",
            env.cinder.project(),
            "--namespace",
            EmbeddedKubernetesApi.NAMESPACE,
            "--poll-seconds",
            "1");
    assertThat(main.problem()).isNull();
    CinderClient client =
        new CinderClient(
            HttpClient.newHttpClient(),
            new NoAuth(cinderUrl, env.cinder.project()),
            new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> {}),
            Duration.ofSeconds(30),
            CinderClient.DEFAULT_MICROVERSION,
            main.pageSize);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> {});
    running.add(endpoint);
    SyncService service =
        SyncService.start(
            env.sync,
            main.loop(env.sync, client, Clock.systemUTC()),
            new SyncMetrics(registry, Clock.systemUTC()),
            Duration.ofSeconds(1),
            Optional.of(
                new SyncService.Election(
                    EmbeddedKubernetesApi.NAMESPACE,
                    "ebs-cinder-sync",
                    identity,
                    Duration.ofSeconds(4),
                    Duration.ofSeconds(3),
                    Duration.ofMillis(500))));
    running.add(service);
    return new Replica(service, new Scrapes(endpoint));
  }

  private static double leader(Replica r) throws Exception {
    return Scrapes.value(r.metrics().scrape(), "ebs_cinder_sync_leader");
  }

  private static Volume mirrored(String id) {
    return env.kube
        .resources(Volume.class)
        .inNamespace(EmbeddedKubernetesApi.NAMESPACE)
        .withName("cinder-" + id)
        .get();
  }

  private static String create(String name) throws Exception {
    return env.cinder
        .openstack(
            "volume", "create", "--type", "ebs", "--size", "1", "-f", "value", "-c", "id", name)
        .trim();
  }

  @Test
  void oneReplicaMirrorsAndTheOtherTakesOverWhenItStops() throws Exception {
    Replica a = replica("sync-a", env.cinder.baseUrl());
    Replica b = replica("sync-b", env.cinder.baseUrl());
    await().atMost(WAIT).until(() -> leader(a) + leader(b) == 1.0);
    Replica first = leader(a) == 1.0 ? a : b;
    Replica second = first == a ? b : a;

    String one = create("one");
    await()
        .atMost(WAIT)
        .until(
            () ->
                mirrored(one) != null
                    && Conditions.isTrue(mirrored(one).getStatus(), ConditionType.CinderSynced));
    // Counted once the round that made it ends.
    await()
        .atMost(WAIT)
        .until(
            () ->
                Scrapes.value(
                        first.metrics().scrape(),
                        "ebs_cinder_sync_actions_total\\{action=\"create\"}")
                    == 1.0);
    String text = first.metrics().scrape();
    assertThat(
            Scrapes.value(
                text, "ebs_cinder_sync_rounds_total\\{kind=\"full\",outcome=\"completed\"}"))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(Scrapes.value(text, "ebs_cinder_sync_lag_seconds")).isGreaterThanOrEqualTo(0.0);
    assertThat(second.metrics().scrape())
        .as("the replica that does not lead runs no rounds")
        .doesNotContain("ebs_cinder_sync_rounds_total{");

    first.service().close();
    await().atMost(WAIT).until(() -> leader(second) == 1.0);
    String two = create("two");
    await().atMost(WAIT).until(() -> mirrored(two) != null);
    assertThat(
            env.kube
                .resources(Volume.class)
                .inNamespace(EmbeddedKubernetesApi.NAMESPACE)
                .list()
                .getItems())
        .extracting(v -> v.getMetadata().getName())
        .containsExactlyInAnyOrder("cinder-" + one, "cinder-" + two);
  }

  @Test
  void roundsThatCannotReachCinderAreCountedByCauseAndMirrorNothing() throws Exception {
    URI nowhere;
    try (ServerSocket s = new ServerSocket(0)) {
      nowhere = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    Replica r = replica("sync-unreachable", nowhere);
    await()
        .atMost(WAIT)
        .until(
            () ->
                Scrapes.value(
                        r.metrics().scrape(),
                        "ebs_cinder_sync_errors_total\\{source=\"cinder_unavailable\"}")
                    >= 2.0);
    String text = r.metrics().scrape();
    assertThat(
            Scrapes.value(text, "ebs_cinder_sync_rounds_total\\{kind=\"full\",outcome=\"failed\"}"))
        .as("a failed full resync is redone whole: the next round is full again")
        .isGreaterThanOrEqualTo(2.0);
    assertThat(text).doesNotContain("outcome=\"completed\"");
    assertThat(Scrapes.value(text, "ebs_cinder_sync_lag_seconds")).isNaN();
  }
}
