package io.ovt.ebs.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.nodeapi.TokenFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's token as it is deployed: a file, rotated in place, and guessing is slowed. */
class NodeApiAuthTest {
  private static final String FIRST = "first-token-0123456789abcdef";
  private static final String SECOND = "second-token-0123456789abcdef";

  @TempDir Path dir;
  private Path tokenFile;
  private NodeDaemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();
  private SimulatedHost host;

  @BeforeEach
  void start() throws Exception {
    tokenFile = dir.resolve("node-token");
    Files.writeString(tokenFile, FIRST + "\n");
    host =
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
            new TokenFile(tokenFile),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void aRotatedTokenTakesEffectWithoutARestartAndTheOldOneIsRefused() throws Exception {
    assertThat(status(FIRST)).isEqualTo(200);

    Files.writeString(tokenFile, SECOND + "\n");
    // a later modification time, whatever the file system's granularity
    Files.setLastModifiedTime(tokenFile, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(status(FIRST)).as("the rotated-out token").isEqualTo(401);
    assertThat(status(SECOND)).isEqualTo(200);
  }

  @Test
  void anAddressThatKeepsGuessingIsRefusedUnreadEvenWithTheRightToken() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(status("guess-" + i + "-0123456789abcdef")).isEqualTo(401);
    }
    HttpResponse<String> limited = get(FIRST);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("TOO_MANY_FAILURES");
  }

  private int status(String token) throws Exception {
    return get(token).statusCode();
  }

  private HttpResponse<String> get(String token) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + daemon.port() + "/v1/node");
    return http.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
