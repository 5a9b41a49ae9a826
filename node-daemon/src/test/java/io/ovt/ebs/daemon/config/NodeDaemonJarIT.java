package io.ovt.ebs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.tls.NodeApiTls;
import io.ovt.ebs.nodeapi.tls.TestCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged daemon runs from its config file, and refuses a bad one with a clear message. */
class NodeDaemonJarIT {
  private static final String TOKEN = "jar-test-token-0123456789";
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  @Test
  void theJarServesTheNodeApiFromItsConfigFile() throws Exception {
    int port = freePort();
    int metricsPort = freePort();
    Path config = config("simulated", port, metricsPort);
    Process daemon = start(config);
    try {
      NodeApiClient client =
          new NodeApiClient(
              URI.create("http://127.0.0.1:" + port),
              () -> TOKEN,
              Duration.ofSeconds(2),
              NodeApiClient.newHttpClient(Duration.ofSeconds(2)));
      AtomicReference<NodeInfo> info = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                info.set(client.node());
                return true;
              });
      assertThat(info.get().backendId()).isEqualTo("hci-0001@EBS");
      assertThat(info.get().hostType()).isEqualTo(HostType.SIMULATED);
      assertThat(info.get().capacity().vgSizeBytes()).isEqualTo(8L << 30);
      assertThat(client.renewLease(Duration.ofSeconds(15)).durationMillis()).isEqualTo(15_000);
      assertThat(dir.resolve("state/fencing-lease")).hasContent("15000");

      // Prometheus' view of the same daemon: its capacity, as the node API reported it.
      HttpResponse<String> scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).containsPattern("(?m)^ebs_daemon_vg_size_bytes 8\\.589934592E9$");
    } finally {
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theJarServesOverTlsWithTheCertificateHelmGenerates() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    TestCertificates ca = TestCertificates.authority("ebs-node-api-ca");
    TestCertificates node = ca.issue("ebs-node-daemon", List.of("ebs-node-daemon"), 30);
    Path config = config("simulated", port);
    Files.writeString(
        config,
        Files.readString(config)
            + "tls:\n  certFile: "
            + node.writeCertificate(dir, "tls.crt")
            + "\n  keyFile: "
            + node.writeKey(dir, "tls.key", false) // PKCS#1, as Helm's genSignedCert
            + "\n");
    Process daemon = start(config);
    try {
      NodeApiClient client =
          new NodeApiClient(
              URI.create("https://127.0.0.1:" + port),
              () -> TOKEN,
              Duration.ofSeconds(2),
              NodeApiClient.newHttpClient(
                  Duration.ofSeconds(2),
                  Optional.of(
                      NodeApiTls.client(
                          ca.writeCertificate(dir, "ca.crt"), Optional.of("ebs-node-daemon")))));
      AtomicReference<NodeInfo> info = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                info.set(client.node());
                return true;
              });
      assertThat(info.get().backendId()).isEqualTo("hci-0001@EBS");
      assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("(TLS)");
    } finally {
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConfigWithAnUnreadableKeyIsRefused() throws Exception {
    Path config = config("simulated", 0);
    TestCertificates node =
        TestCertificates.authority("ca").issue("ebs-node-daemon", List.of("ebs-node-daemon"), 30);
    Path key = dir.resolve("tls.key");
    Files.writeString(key, "not a key\n");
    Files.writeString(
        config,
        Files.readString(config)
            + "tls:\n  certFile: "
            + node.writeCertificate(dir, "tls.crt")
            + "\n  keyFile: "
            + key
            + "\n");
    Process daemon = start(config);
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("stderr.txt")))
        .contains("invalid TLS material")
        .contains(key + " holds no unencrypted private key");
  }

  @Test
  void aRealHostOnAMachineWithoutTheToolsExitsNonZeroSayingWhatIsMissing() throws Exception {
    // This build machine has neither DRBD nor LIO: exactly the case to report clearly.
    Process daemon = start(config("real", 0));
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("stderr.txt")))
        .contains("this machine cannot serve real storage")
        .contains("the drbd kernel module is not loaded (/proc/drbd is missing; modprobe drbd)");
  }

  @Test
  void aConfigWithABadVolumeGroupNameIsRefused() throws Exception {
    Path config = config("simulated", 0);
    Files.writeString(
        config,
        Files.readString(config).replace("volumeGroup: volumes", "volumeGroup: \"vg;reboot\""));
    Process daemon = start(config);
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("stderr.txt")))
        .contains("host.volumeGroup must be an LVM name");
  }

  private Path config(String type, int port) throws IOException {
    return config(type, port, 0);
  }

  private Path config(String type, int port, int metricsPort) throws IOException {
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    Path config = dir.resolve("node-daemon.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "backendId: hci-0001@EBS",
            "listenAddress: 127.0.0.1",
            "port: " + port,
            "metricsPort: " + metricsPort,
            "tokenFile: " + token,
            "stateDir: " + dir.resolve("state"),
            "host:",
            "  type: " + type,
            "  hostname: hci-0001",
            "  volumeGroup: volumes",
            "  thinPool: pool",
            "  replicationAddress: 10.0.10.21",
            "  simulated:",
            "    volumeGroupSize: 8Gi",
            "    thinPoolSize: 4Gi",
            ""));
    return config;
  }

  private Process start(Path config) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java, "-jar", System.getProperty("ebs.daemonJar"), "--config", config.toString()))
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
  }
}
