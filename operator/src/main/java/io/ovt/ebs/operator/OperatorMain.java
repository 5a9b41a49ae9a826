package io.ovt.ebs.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovt.ebs.metrics.MetricsEndpoint;
import io.ovt.ebs.nodeapi.TokenFile;
import io.ovt.ebs.nodeapi.tls.NodeApiTls;
import io.ovt.ebs.nodeapi.tls.TlsSetupException;
import io.ovt.ebs.operator.metrics.OperatorMetrics;
import io.ovt.ebs.operator.node.HttpNodeApiFactory;
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

/**
 * The operator's command line, for a Deployment or a host: {@code ebs-operator --node-token-file
 * F}.
 */
@Command(
    name = "ebs-operator",
    mixinStandardHelpOptions = true,
    description = "Reconciles EBS storage nodes, pairs, failover policies and volumes.")
public final class OperatorMain implements Callable<Integer> {
  @Option(
      names = "--node-token-file",
      required = true,
      description = "Bearer token of the node API.")
  private Path tokenFile;

  @Option(
      names = "--node-ca-file",
      description =
          "CA certificate (PEM) the daemons' certificates must chain to; the node API is then"
              + " called over HTTPS. Plain HTTP without it.")
  private Path caFile;

  @Option(
      names = "--node-server-name",
      description =
          "A DNS name the daemons' certificates may carry instead of their own address, e.g."
              + " ebs-node-daemon for one certificate shared by a DaemonSet.")
  private String serverName;

  @Option(
      names = "--metrics-port",
      description = "Port of GET /metrics (Prometheus text) and /healthz; 0 turns them off.")
  private int metricsPort = 8080;

  @Option(names = "--lease-namespace", description = "Namespace of the leader-election Lease.")
  private String leaseNamespace = System.getenv().getOrDefault("POD_NAMESPACE", "default");

  @Option(
      names = "--no-leader-election",
      description = "Run without leader election (one replica only).")
  private boolean noLeaderElection;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // Re-read when the file changes: a rotated Secret reaches the operator without a restart.
    TokenFile token;
    try {
      token = new TokenFile(tokenFile);
    } catch (RuntimeException e) {
      System.err.println("cannot use node token " + tokenFile + ": " + e.getMessage());
      return 2;
    }
    Optional<SSLContext> tls = Optional.empty();
    if (caFile != null) {
      try {
        tls = Optional.of(NodeApiTls.client(caFile, Optional.ofNullable(serverName)));
      } catch (TlsSetupException e) {
        System.err.println("cannot use the node CA " + caFile + ": " + e.getMessage());
        return 2;
      }
    } else {
      System.err.println("no --node-ca-file: calling the node daemons over plain HTTP");
    }
    OperatorSettings settings = OperatorSettings.defaults();
    KubernetesClient client = new KubernetesClientBuilder().build();
    Optional<LeaderElection> election =
        noLeaderElection
            ? Optional.empty()
            : Optional.of(LeaderElection.of("ebs-operator", leaseNamespace, true));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry, Clock.systemUTC());
    MetricsEndpoint endpoint =
        metricsPort == 0
            ? null
            : MetricsEndpoint.start(new InetSocketAddress(metricsPort), registry, metrics::refresh);
    EbsOperator operator =
        EbsOperator.start(
            client,
            new HttpNodeApiFactory(token, settings.nodeCallTimeout(), tls),
            settings,
            election,
            Clock.systemUTC(),
            metrics);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  if (endpoint != null) {
                    endpoint.close();
                  }
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
