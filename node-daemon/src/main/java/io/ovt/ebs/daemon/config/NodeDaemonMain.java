package io.ovt.ebs.daemon.config;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.daemon.command.ProcessCommandRunner;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.metrics.DaemonMetrics;
import io.ovt.ebs.daemon.metrics.MeteredCommandRunner;
import io.ovt.ebs.metrics.MetricsEndpoint;
import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.TokenFile;
import io.ovt.ebs.nodeapi.tls.NodeApiTls;
import io.ovt.ebs.nodeapi.tls.TlsSetupException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The node daemon's command line: {@code ebs-node-daemon --config node-daemon.yaml}. */
@Command(
    name = "ebs-node-daemon",
    mixinStandardHelpOptions = true,
    version = "ebs-node-daemon " + io.ovt.ebs.daemon.NodeService.VERSION,
    description = "Converges LVM, DRBD and iSCSI targets on this storage host.")
public final class NodeDaemonMain implements Callable<Integer> {
  private static final String BACKEND_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}@[A-Za-z0-9._-]{1,63}$";
  private static final String LVM_NAME = "^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$";

  @Option(names = "--config", required = true, description = "YAML configuration file.")
  private Path config;

  @Option(names = "--port", description = "Overrides the configured API port.")
  private Integer port;

  // One configuration for every node of a DaemonSet: what differs per host comes from its Pod.
  @Option(names = "--backend-id", description = "Overrides backendId, e.g. hci-0001@EBS.")
  private String backendId;

  @Option(names = "--hostname", description = "Overrides host.hostname (the DRBD host name).")
  private String hostname;

  @Option(
      names = "--replication-address",
      description = "Overrides host.replicationAddress (this host's DRBD address).")
  private String replicationAddress;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new NodeDaemonMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    DaemonConfig cfg;
    try {
      cfg =
          new ObjectMapper(new YAMLFactory())
              .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
              .readValue(config.toFile(), DaemonConfig.class);
    } catch (IOException e) {
      System.err.println("cannot read " + config + ": " + e.getMessage());
      return 2;
    }
    cfg = cfg.overriding(backendId, hostname, replicationAddress);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NodeDaemon daemon;
    try {
      HostLayout layout = layout(cfg);
      StorageHost host =
          StorageHosts.create(
              cfg.host(), layout, new MeteredCommandRunner(new ProcessCommandRunner(), registry));
      int apiPort = port != null ? port : cfg.port() == null ? 7000 : cfg.port();
      String bind = cfg.listenAddress() == null ? "0.0.0.0" : cfg.listenAddress();
      daemon =
          NodeDaemon.start(
              cfg.backendId(),
              host,
              layout,
              new InetSocketAddress(bind, apiPort),
              new TokenFile(require(cfg.tokenFile(), "tokenFile")),
              Clock.systemUTC(),
              fencing(cfg),
              tls(cfg.tls()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("invalid configuration " + config + ": " + e.getMessage());
      return 2;
    } catch (TlsSetupException e) {
      System.err.println("invalid TLS material in " + config + ": " + e.getMessage());
      return 2;
    }
    System.out.println(
        cfg.backendId()
            + " node API listening on port "
            + daemon.port()
            + (cfg.tls() == null ? " (plain HTTP: no tls configured)" : " (TLS)"));
    MetricsEndpoint metrics = metrics(cfg, daemon, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (metrics != null) {
                    metrics.close();
                  }
                  daemon.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  /** Serves the daemon's metrics where the configuration says; null when turned off. */
  static MetricsEndpoint metrics(
      DaemonConfig cfg, NodeDaemon daemon, PrometheusMeterRegistry registry) throws IOException {
    int port = cfg.metricsPort() == null ? DaemonConfig.DEFAULT_METRICS_PORT : cfg.metricsPort();
    if (port == 0) {
      return null;
    }
    DaemonMetrics capacity = new DaemonMetrics(registry, daemon.service()::node);
    String bind = cfg.listenAddress() == null ? "0.0.0.0" : cfg.listenAddress();
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(new InetSocketAddress(bind, port), registry, capacity::refresh);
    System.out.println(cfg.backendId() + " metrics on port " + endpoint.port());
    return endpoint;
  }

  /**
   * Where the fencing lease is recorded: the state directory, so a restarted daemon still fences; a
   * simulated host without one keeps it in memory, as it keeps its storage.
   */
  static FencingSettings fencing(DaemonConfig cfg) {
    Path dir = cfg.stateDir();
    if (dir == null && cfg.host().type() == HostType.REAL) {
      dir = DaemonConfig.DEFAULT_STATE_DIR;
    }
    return dir == null ? FencingSettings.inMemory() : FencingSettings.recordedIn(dir);
  }

  static Optional<SSLContext> tls(DaemonConfig.TlsConfig tls) throws TlsSetupException {
    if (tls == null) {
      return Optional.empty();
    }
    return Optional.of(
        NodeApiTls.server(
            require(tls.certFile(), "tls.certFile"), require(tls.keyFile(), "tls.keyFile")));
  }

  static HostLayout layout(DaemonConfig cfg) throws IOException {
    if (cfg.backendId() == null || !cfg.backendId().matches(BACKEND_ID)) {
      throw new IllegalArgumentException("backendId must look like hci-0001@EBS");
    }
    DaemonConfig.HostConfig host = require(cfg.host(), "host");
    require(host.type(), "host.type");
    if (host.volumeGroup() == null || !host.volumeGroup().matches(LVM_NAME)) {
      throw new IllegalArgumentException("host.volumeGroup must be an LVM name");
    }
    if (host.thinPool() != null && !host.thinPool().matches(LVM_NAME)) {
      throw new IllegalArgumentException("host.thinPool must be an LVM name");
    }
    if (host.replicationAddress() == null
        || !NodeApiValidation.IPV4.matcher(host.replicationAddress()).matches()) {
      throw new IllegalArgumentException("host.replicationAddress must be an IPv4 address");
    }
    String hostname =
        host.hostname() != null ? host.hostname() : InetAddress.getLocalHost().getHostName();
    if (!NodeApiValidation.HOSTNAME.matcher(hostname).matches()) {
      throw new IllegalArgumentException("host.hostname '" + hostname + "' is not a host name");
    }
    return new HostLayout(host.volumeGroup(), host.thinPool(), HostLayout.DEFAULT_TAG, hostname);
  }

  private static <T> T require(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
