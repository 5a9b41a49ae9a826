package io.ovt.ebs.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.nodeapi.NodeUnreachableException;
import io.ovt.ebs.nodeapi.tls.NodeApiTls;
import io.ovt.ebs.nodeapi.tls.TestCertificates;
import io.ovt.ebs.nodeapi.tls.TlsSetupException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node API over TLS: the operator's client accepts only a daemon the cluster's CA vouches for.
 */
class NodeApiTlsTest {
  private static final String TOKEN = "tls-test-token-0123456789abcdef";
  private static final String SHARED_NAME = "ebs-node-daemon";
  private static final TestCertificates CA = TestCertificates.authority("ebs-node-api-ca");

  @TempDir Path dir;
  private NodeDaemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void aCertificateFromTheClusterCaWithTheSharedNameIsAccepted() throws Exception {
    serve(CA.issue("hci-0001", List.of(SHARED_NAME), 30), false);

    assertThat(client(CA, Optional.of(SHARED_NAME)).node().backendId()).isEqualTo("hci-0001@EBS");
  }

  @Test
  void aCertificateNamingTheAddressDialledIsAcceptedWithoutASharedName() throws Exception {
    serve(CA.issue("hci-0001", List.of("127.0.0.1"), 30), true);

    assertThat(client(CA, Optional.empty()).node().backendId()).isEqualTo("hci-0001@EBS");
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() throws Exception {
    TestCertificates stranger = TestCertificates.authority("someone-else");
    serve(stranger.issue("hci-0001", List.of(SHARED_NAME, "127.0.0.1"), 30), false);

    assertThatThrownBy(() -> client(CA, Optional.of(SHARED_NAME)).node())
        .isInstanceOf(NodeUnreachableException.class)
        .hasMessageContaining("SSLHandshakeException")
        .hasMessageContaining("PKIX");
  }

  @Test
  void aCertificateNamingNeitherTheAddressNorTheSharedNameIsRefused() throws Exception {
    serve(CA.issue("hci-0001", List.of("other-daemon", "10.9.9.9"), 30), false);

    assertThatThrownBy(() -> client(CA, Optional.of(SHARED_NAME)).node())
        .isInstanceOf(NodeUnreachableException.class)
        .hasMessageContaining("names neither 127.0.0.1 nor " + SHARED_NAME);
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    serve(CA.issue("hci-0001", List.of(SHARED_NAME), -1), false);

    assertThatThrownBy(() -> client(CA, Optional.of(SHARED_NAME)).node())
        .isInstanceOf(NodeUnreachableException.class)
        .hasMessageContaining("SSLHandshakeException")
        .hasMessageContaining("validity check failed");
  }

  @Test
  void plainHttpToATlsDaemonGetsNoAnswer() throws Exception {
    serve(CA.issue("hci-0001", List.of(SHARED_NAME), 30), false);
    HttpRequest plain =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/v1/node"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + TOKEN)
            .build();

    assertThatThrownBy(
            () -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aRotatedCertificateIsServedWithoutRestartingTheDaemon() throws Exception {
    serve(CA.issue("hci-0001", List.of(SHARED_NAME), 30), false);
    assertThatThrownBy(() -> client(CA, Optional.of("rotated.ebs")).node())
        .isInstanceOf(NodeUnreachableException.class);

    // As a Secret volume updates: new files, then moved over the old names.
    TestCertificates rotated = CA.issue("hci-0001", List.of("rotated.ebs"), 30);
    Files.move(
        rotated.writeKey(dir, "new.key", false),
        dir.resolve("tls.key"),
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        rotated.writeCertificate(dir, "new.crt"),
        dir.resolve("tls.crt"),
        StandardCopyOption.ATOMIC_MOVE);

    assertThat(client(CA, Optional.of("rotated.ebs")).node().backendId()).isEqualTo("hci-0001@EBS");
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedAtStart() {
    CA.issue("hci-0001", List.of(SHARED_NAME), 30).writeCertificate(dir, "tls.crt");
    CA.issue("hci-0002", List.of(SHARED_NAME), 30).writeKey(dir, "tls.key", true);

    assertThatThrownBy(() -> NodeApiTls.server(dir.resolve("tls.crt"), dir.resolve("tls.key")))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("is not the key of the certificate");
  }

  private void serve(TestCertificates node, boolean pkcs8) throws Exception {
    Path cert = node.writeCertificate(dir, "tls.crt");
    Path key = node.writeKey(dir, "tls.key", pkcs8);
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
            Optional.of(NodeApiTls.server(cert, key)));
  }

  // A new HTTP client each time, so every call makes its own handshake.
  private NodeApiClient client(TestCertificates trusted, Optional<String> serverName)
      throws Exception {
    Path ca = trusted.writeCertificate(dir, "ca-" + System.nanoTime() + ".crt");
    SSLContext tls = NodeApiTls.client(ca, serverName);
    return new NodeApiClient(
        URI.create("https://127.0.0.1:" + daemon.port()),
        () -> TOKEN,
        Duration.ofSeconds(10),
        NodeApiClient.newHttpClient(Duration.ofSeconds(10), Optional.of(tls)));
  }
}
