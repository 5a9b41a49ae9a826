package io.ovt.ebs.standalone;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.daemon.SimulatedDaemons;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import io.ovt.ebs.operator.EbsOperator;
import io.ovt.ebs.operator.LeaderElection;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.node.HttpNodeApiFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded API, two simulated storage hosts hci-0001@EBS (API on 127.0.0.1) and hci-0002@EBS
 * (API on 127.0.0.2), both on the same node API port, and the operator with leader election.
 */
public final class LocalSystem implements AutoCloseable {
  private static final long GIB = 1L << 30;

  /**
   * How to run it.
   *
   * @param apiPort port of the embedded Kubernetes API (0 for any)
   * @param kubeconfig where to write a kubeconfig for kubectl
   * @param nodePort port of both node daemons (the seed's 7000)
   * @param syncSpeedup how much faster than DRBD's rate simulated resyncs run
   */
  public record Options(int apiPort, Path kubeconfig, int nodePort, double syncSpeedup) {}

  private final EmbeddedKubernetesApi api;
  private final KubernetesClient client;
  private final SimulatedDaemons daemons;
  private final EbsOperator operator;
  private final Path kubeconfig;
  private final SimulatedOutages outages;

  private LocalSystem(
      EmbeddedKubernetesApi api,
      KubernetesClient client,
      SimulatedDaemons daemons,
      EbsOperator operator,
      Path kubeconfig,
      SimulatedOutages outages) {
    this.outages = outages;
    this.api = api;
    this.client = client;
    this.daemons = daemons;
    this.operator = operator;
    this.kubeconfig = kubeconfig;
  }

  /** Starts everything; the node token is random and known only to this process. */
  public static LocalSystem start(Options options) {
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    EmbeddedKubernetesApi api = EmbeddedKubernetesApi.start(options.apiPort());
    Path kubeconfig = api.writeKubeconfig(options.kubeconfig());
    KubernetesClient client = api.newClient();
    SimulatedDaemons daemons =
        SimulatedDaemons.start(
            List.of(
                host("hci-0001", "10.0.10.21", "127.0.0.1", options),
                host("hci-0002", "10.0.10.22", "127.0.0.2", options)),
            new SimulatedNetwork(Clock.systemUTC(), options.syncSpeedup()),
            () -> token,
            Clock.systemUTC());
    OperatorSettings settings = OperatorSettings.defaults();
    EbsOperator operator =
        EbsOperator.start(
            client,
            new HttpNodeApiFactory(() -> token, settings.nodeCallTimeout()),
            settings,
            Optional.of(LeaderElection.of("ebs-operator", EmbeddedKubernetesApi.NAMESPACE, false)),
            Clock.systemUTC());
    SimulatedOutages outages =
        SimulatedOutages.watch(client, "default", daemons, Set.of("hci-0001@EBS", "hci-0002@EBS"));
    return new LocalSystem(api, client, daemons, operator, kubeconfig, outages);
  }

  private static SimulatedDaemons.HostSpec host(
      String name, String replication, String api, Options options) {
    return new SimulatedDaemons.HostSpec(
        name + "@EBS", name, replication, 100 * GIB, "pool", 40 * GIB, api, options.nodePort());
  }

  /** A client of the embedded API. */
  public KubernetesClient client() {
    return client;
  }

  /** The kubeconfig written for kubectl. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The embedded API's URL. */
  public String apiUrl() {
    return api.url();
  }

  /** The simulated daemons, for tests that need to reach behind the API. */
  public SimulatedDaemons daemons() {
    return daemons;
  }

  @Override
  public void close() {
    outages.close();
    operator.close();
    daemons.close();
    client.close();
    api.close();
  }
}
