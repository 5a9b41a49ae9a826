package io.ovt.ebs.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.nodeapi.NodeUnreachableException;
import io.ovt.ebs.nodeapi.tls.NodeApiTls;
import io.ovt.ebs.nodeapi.tls.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's node clients call a TLS daemon over HTTPS, verifying it, when given the CA. */
class HttpNodeApiFactoryTest {
  private static final String TOKEN = "factory-test-token-0123456789";

  @TempDir Path dir;
  private final TestCertificates ca = TestCertificates.authority("ebs-node-api-ca");
  private NodeDaemon daemon;
  private StorageNode node;

  @BeforeEach
  void serveOverTls() throws Exception {
    TestCertificates cert = ca.issue("hci-0001", List.of("ebs-node-daemon"), 30);
    SimulatedHost host =
        new SimulatedHost(
            new SimulatedNetwork(Clock.systemUTC()),
            "hci-0001",
            "10.0.10.21",
            "volumes",
            1L << 36,
            null,
            0);
    daemon =
        NodeDaemon.start(
            "hci-0001@EBS",
            host,
            new HostLayout("volumes", null, HostLayout.DEFAULT_TAG, "hci-0001"),
            new InetSocketAddress("127.0.0.1", 0),
            () -> TOKEN,
            Clock.systemUTC(),
            FencingSettings.inMemory(),
            Optional.of(
                NodeApiTls.server(
                    cert.writeCertificate(dir, "tls.crt"), cert.writeKey(dir, "tls.key", false))));
    StorageNodeSpec spec = new StorageNodeSpec();
    spec.setBackendId("hci-0001@EBS");
    spec.setAddress("127.0.0.1");
    spec.setPort(daemon.port());
    node = new StorageNode();
    node.getMetadata().setName("hci-0001");
    node.setSpec(spec);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void withTheCaTheOperatorReachesTheDaemonOverHttps() throws Exception {
    HttpNodeApiFactory factory =
        new HttpNodeApiFactory(
            () -> TOKEN,
            Duration.ofSeconds(10),
            Optional.of(
                NodeApiTls.client(
                    ca.writeCertificate(dir, "ca.crt"), Optional.of("ebs-node-daemon"))));

    assertThat(factory.forNode(node).node().backendId()).isEqualTo("hci-0001@EBS");
    assertThat(factory.forNode(node, Duration.ofSeconds(2)).node().backendId())
        .isEqualTo("hci-0001@EBS");
  }

  @Test
  void withoutTheCaTheOperatorCannotTalkToATlsDaemon() {
    HttpNodeApiFactory plain = new HttpNodeApiFactory(() -> TOKEN, Duration.ofSeconds(10));

    assertThatThrownBy(() -> plain.forNode(node).node())
        .isInstanceOf(NodeUnreachableException.class);
  }
}
