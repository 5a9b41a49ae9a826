package io.ovt.ebs.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovt.ebs.daemon.NodeService;
import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandException;
import io.ovt.ebs.daemon.command.ProcessCommandRunner;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.metrics.MetricsEndpoint;
import io.ovt.ebs.metrics.Scrapes;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The daemon's metrics as Prometheus reads them: real commands timed by tool, and capacity. */
class DaemonMetricsTest {
  private static final long GIB = 1L << 30;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private MetricsEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private Scrapes serve(Runnable refresh) throws Exception {
    endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), registry, refresh);
    return new Scrapes(endpoint);
  }

  @Test
  void realCommandsAreCountedByToolAndOutcome() throws Exception {
    MeteredCommandRunner runner = new MeteredCommandRunner(new ProcessCommandRunner(), registry);
    runner.run(Command.of("/bin/true"));
    runner.run(Command.of("/bin/true"));
    assertThat(runner.run(Command.of("false")).exitCode()).isNotZero();
    assertThatThrownBy(
            () -> runner.run(new Command(List.of("sleep", "5"), "", Duration.ofMillis(200))))
        .isInstanceOf(CommandException.class);
    assertThatThrownBy(() -> runner.run(Command.of("/nonexistent/lvs")))
        .isInstanceOf(CommandException.class);

    String text = serve(() -> {}).scrape();
    assertThat(count(text, "ok", "true")).isEqualTo(2.0);
    assertThat(count(text, "exit_nonzero", "false")).isEqualTo(1.0);
    assertThat(count(text, "error", "sleep")).isEqualTo(1.0);
    assertThat(count(text, "error", "lvs")).isEqualTo(1.0);
  }

  @Test
  void capacityIsReadFromTheHostAtEachScrape() throws Exception {
    SimulatedHost host =
        new SimulatedHost(
            new SimulatedNetwork(Clock.systemUTC()),
            "hci-0001",
            "10.0.10.21",
            "volumes",
            100 * GIB,
            "pool",
            50 * GIB);
    try (NodeService service =
        new NodeService(
            "hci-0001@EBS",
            host,
            new HostLayout("volumes", "pool", HostLayout.DEFAULT_TAG, "hci-0001"),
            Clock.systemUTC())) {
      DaemonMetrics metrics = new DaemonMetrics(registry, service::node);
      Scrapes scrapes = serve(metrics::refresh);
      String text = scrapes.scrape();
      assertThat(Scrapes.value(text, "ebs_daemon_vg_size_bytes")).isEqualTo(100.0 * GIB);
      assertThat(Scrapes.value(text, "ebs_daemon_thin_pool_size_bytes")).isEqualTo(50.0 * GIB);
      assertThat(Scrapes.value(text, "ebs_daemon_thin_pool_data_percent")).isEqualTo(0.0);
      assertThat(Scrapes.value(text, "ebs_daemon_vg_free_bytes")).isLessThan(100.0 * GIB);
    }
  }

  @Test
  void aHostThatCannotBeReadLeavesTheGaugesEmptyAndCountsIt() throws Exception {
    DaemonMetrics metrics =
        new DaemonMetrics(
            registry,
            () -> {
              throw StorageException.refused(
                  io.ovt.ebs.nodeapi.ErrorCode.INTERNAL, "vgs: volume group not found");
            });
    Scrapes scrapes = serve(metrics::refresh);
    scrapes.scrape();
    String text = scrapes.scrape();
    assertThat(text).containsPattern("(?m)^ebs_daemon_vg_size_bytes NaN$");
    assertThat(Scrapes.value(text, "ebs_daemon_capacity_read_failures_total")).isEqualTo(2.0);
  }

  private static double count(String text, String outcome, String tool) {
    return Scrapes.value(
        text,
        "ebs_daemon_command_seconds_count\\{outcome=\"" + outcome + "\",tool=\"" + tool + "\"}");
  }
}
