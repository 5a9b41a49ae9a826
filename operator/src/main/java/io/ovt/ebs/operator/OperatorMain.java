package io.ovt.ebs.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ovt.ebs.operator.node.HttpNodeApiFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
    String token;
    try {
      token = Files.readString(tokenFile).trim();
    } catch (IOException e) {
      System.err.println("cannot read node token " + tokenFile + ": " + e.getMessage());
      return 2;
    }
    OperatorSettings settings = OperatorSettings.defaults();
    KubernetesClient client = new KubernetesClientBuilder().build();
    Optional<LeaderElection> election =
        noLeaderElection
            ? Optional.empty()
            : Optional.of(LeaderElection.of("ebs-operator", leaseNamespace, true));
    EbsOperator operator =
        EbsOperator.start(
            client,
            new HttpNodeApiFactory(() -> token, settings.nodeCallTimeout()),
            settings,
            election,
            Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
