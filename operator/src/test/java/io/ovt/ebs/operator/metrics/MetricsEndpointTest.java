package io.ovt.ebs.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.metrics.MetricsEndpoint;
import io.ovt.ebs.metrics.Scrapes;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's metrics as Prometheus scrapes them: after volumes are created and their active
 * node dies, the endpoint counts the volumes by state, the failover and its duration, and JOSDK's
 * reconciles.
 */
class MetricsEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private TestCluster cluster;
  private MetricsEndpoint endpoint;
  private Scrapes scrapes;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.start();
    cluster.applyPair();
    PolicyEdits.automaticFast(cluster.client, "pair-a");
    OperatorMetrics metrics = cluster.operatorMetrics();
    endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0), cluster.metricsRegistry(), metrics::refresh);
    scrapes = new Scrapes(endpoint);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    cluster.close();
  }

  @Test
  void countsVolumesByStateAndAnAutomaticFailoverWithItsDuration() throws Exception {
    cluster.volume("one", "1Gi", Provisioning.THIN);
    cluster.volume("two", "1Gi", Provisioning.THICK);
    cluster.awaitReady("one");
    cluster.awaitReady("two");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String text = scrape();
              assertThat(value(text, "ebs_volumes\\{state=\"Available\"}")).isEqualTo(2.0);
              assertThat(value(text, "ebs_storage_node_up\\{node=\"hci-0001\"}")).isEqualTo(1.0);
              assertThat(value(text, "ebs_storage_node_vg_size_bytes\\{node=\"hci-0002\"}"))
                  .isEqualTo(100.0 * TestCluster.GIB);
            });
    assertThat(scrape()).doesNotContain("ebs_failovers_started_total");

    cluster.daemons.stop("hci-0001@EBS");
    cluster.host("hci-0001@EBS").powerOff();

    await()
        .atMost(WAIT)
        .until(
            () -> {
              FailoverPolicy p =
                  cluster.client.resources(FailoverPolicy.class).withName("pair-a").get();
              return p.getStatus().getLastFailover() != null
                  && p.getStatus().getLastFailover().getCompletedAt() != null;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String text = scrape();
              assertThat(value(text, "ebs_failovers_started_total\\{trigger=\"Automatic\"}"))
                  .isEqualTo(1.0);
              assertThat(
                      value(text, "ebs_failover_duration_seconds_count\\{trigger=\"Automatic\"}"))
                  .isEqualTo(1.0);
              assertThat(value(text, "ebs_storage_node_up\\{node=\"hci-0001\"}")).isEqualTo(0.0);
              assertThat(
                      value(
                          text,
                          "ebs_operator_events_total\\{kind=\"FailoverPolicy\","
                              + "reason=\"AutomaticFailover\",type=\"Warning\"}"))
                  .isGreaterThanOrEqualTo(1.0);
              // JOSDK's own reconcile counters share the registry.
              assertThat(text).containsPattern("(?m)^operator_sdk_\\w+");
            });
  }

  private String scrape() throws Exception {
    return scrapes.scrape();
  }

  private static double value(String text, String series) {
    return Scrapes.value(text, series);
  }
}
