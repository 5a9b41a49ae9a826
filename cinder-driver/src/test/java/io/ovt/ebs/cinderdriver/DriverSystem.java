package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.daemon.SimulatedDaemons;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import io.ovt.ebs.operator.EbsOperator;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.node.HttpNodeApiFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the driver talks to: the embedded Kubernetes API, the operator and two simulated storage
 * hosts hci-0001@EBS and hci-0002@EBS, with the StorageNodes, pair and policy of {@code
 * examples/01..03} (the seed's two hosts). Like standalone's LocalSystem, but the daemons listen on
 * a free port (tests of other modules may hold 7000) and there is no leader election.
 */
final class DriverSystem implements AutoCloseable {
  private static final long GIB = 1L << 30;
  private static final Path EXAMPLES = Path.of("").toAbsolutePath().resolveSibling("examples");

  final EmbeddedKubernetesApi api;
  final KubernetesClient kube;
  final Path kubeconfig;
  private final SimulatedDaemons daemons;
  private final EbsOperator operator;

  private DriverSystem(
      EmbeddedKubernetesApi api,
      KubernetesClient kube,
      Path kubeconfig,
      SimulatedDaemons daemons,
      EbsOperator operator) {
    this.api = api;
    this.kube = kube;
    this.kubeconfig = kubeconfig;
    this.daemons = daemons;
    this.operator = operator;
  }

  static DriverSystem start(Path home) throws IOException {
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    EmbeddedKubernetesApi api = EmbeddedKubernetesApi.start(0);
    Path kubeconfig = api.writeKubeconfig(home.resolve("kubeconfig"));
    KubernetesClient kube = api.newClient();
    int port = 0;
    SimulatedDaemons daemons = null;
    // a port found free may be taken before the daemons bind it: another one then
    for (int attempt = 1; daemons == null; attempt++) {
      port = portFreeOnBoth();
      try {
        daemons = daemons(port, token);
      } catch (UncheckedIOException taken) {
        if (attempt == 5) {
          throw taken;
        }
      }
    }
    OperatorSettings settings = OperatorSettings.defaults();
    EbsOperator operator =
        EbsOperator.start(
            kube,
            new HttpNodeApiFactory(() -> token, settings.nodeCallTimeout()),
            settings,
            Optional.empty(),
            Clock.systemUTC());
    DriverSystem system = new DriverSystem(api, kube, kubeconfig, daemons, operator);
    try {
      system.applyExamples(port);
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
    return system;
  }

  private static SimulatedDaemons daemons(int port, String token) {
    return SimulatedDaemons.start(
        List.of(
            new SimulatedDaemons.HostSpec(
                "hci-0001@EBS",
                "hci-0001",
                "10.0.10.21",
                100 * GIB,
                "pool",
                40 * GIB,
                "127.0.0.1",
                port),
            new SimulatedDaemons.HostSpec(
                "hci-0002@EBS",
                "hci-0002",
                "10.0.10.22",
                100 * GIB,
                "pool",
                40 * GIB,
                "127.0.0.2",
                port)),
        new SimulatedNetwork(Clock.systemUTC(), 500),
        () -> token,
        Clock.systemUTC());
  }

  private void applyExamples(int port) {
    for (String file :
        List.of("01-storage-nodes.yaml", "02-replication-pair.yaml", "03-failover-policy.yaml")) {
      try {
        // the examples' daemons listen on 7000; here on the port found free
        String yaml =
            Files.readString(EXAMPLES.resolve(file)).replace("port: 7000", "port: " + port);
        for (HasMetadata item :
            kube.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
          kube.resource(item).create();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    await("both StorageNodes up and the policy serving")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (StorageNode n : kube.resources(StorageNode.class).list().getItems()) {
                assertThat(n.getStatus()).as(n.getMetadata().getName()).isNotNull();
                assertThat(n.getStatus().getState())
                    .as("%s: %s", n.getMetadata().getName(), n.getStatus().getConditions())
                    .isEqualTo(NodeState.UP);
              }
              assertThat(policy().getStatus()).isNotNull();
              assertThat(policy().getStatus().getActiveNode()).isEqualTo("hci-0001");
            });
  }

  /**
   * Debian's real Cinder with this module's driver on this system (each driver call may take 90 s),
   * and the volume type {@code ebs} of the seed's README; {@code options} are further {@code [EBS]}
   * options.
   */
  CinderWithEbsDriver startCinder(Path state, Map<String, String> options)
      throws IOException, InterruptedException {
    return CinderWithEbsDriver.start(
        state, kubeconfig, EmbeddedKubernetesApi.NAMESPACE, Duration.ofSeconds(90), options);
  }

  /** The Volume the driver made for Cinder volume {@code cinderId}, or null. */
  io.ovt.ebs.crds.volume.Volume ebsVolume(String cinderId) {
    return kube.resources(io.ovt.ebs.crds.volume.Volume.class).withName("cinder-" + cinderId).get();
  }

  /** Waits until that Volume is Available and Ready (both replicas in sync). */
  io.ovt.ebs.crds.volume.Volume awaitVolumeReady(String cinderId, Duration atMost) {
    return await("Volume cinder-" + cinderId + " Ready")
        .atMost(atMost)
        .until(
            () -> ebsVolume(cinderId),
            v ->
                v != null
                    && v.getStatus() != null
                    && v.getStatus().getState() == VolumeState.Available
                    && Conditions.isTrue(v.getStatus(), ConditionType.Ready));
  }

  FailoverPolicy policy() {
    return kube.resources(FailoverPolicy.class).withName("hci-pair").get();
  }

  // Both daemons listen on the same port, one on 127.0.0.1 and one on 127.0.0.2.
  private static int portFreeOnBoth() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        port = first.getLocalPort();
      }
      try (ServerSocket second = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.2"))) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free on both 127.0.0.1 and 127.0.0.2");
  }

  @Override
  public void close() {
    operator.close();
    daemons.close();
    kube.close();
    api.close();
  }
}
