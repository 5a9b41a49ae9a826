package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent protocol against a fake qemu-ga that answers the way the real one does. */
class GuestAgentTest {
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicBoolean silent = new AtomicBoolean();
  @TempDir Path dir;
  private ServerSocketChannel server;
  private Thread serverThread;
  private GuestAgent agent;

  @BeforeEach
  void startFakeAgent() throws IOException {
    Path socket = dir.resolve("qga.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    serverThread = new Thread(this::serve);
    serverThread.setDaemon(true);
    serverThread.start();
    agent = new GuestAgent("test", socket);
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
    server.close();
    serverThread.join(5000);
  }

  /** Like qemu-ga: stale answers first, a parse error for 0xFF, 0xFF before sync answers. */
  private void serve() {
    try (SocketChannel client = server.accept()) {
      OutputStream out = Channels.newOutputStream(client);
      out.write("{\"return\": {\"pid\": 99}}\n".getBytes(StandardCharsets.UTF_8)); // stale
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(client), StandardCharsets.ISO_8859_1));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("\u00ff")) {
          out.write("{\"error\": {\"class\": \"GenericError\", \"desc\": \"stray\"}}\n".getBytes());
          line = line.substring(1);
        }
        JsonNode request = json.readTree(line);
        String command = request.path("execute").asText();
        if (silent.get()) {
          continue;
        }
        String reply =
            switch (command) {
              case "guest-sync-delimited" ->
                  "\u00ff{\"return\": " + request.path("arguments").path("id").asLong() + "}";
              case "guest-info" -> "{\"return\": {\"version\": \"7.2.0\"}}";
              default -> "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"nope\"}}";
            };
        out.write((reply + "\n").getBytes(StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      // the test closed the socket
    }
  }

  @Test
  void synchronisesPastStaleAnswersAndCalls() {
    assertThat(agent.trySync(Duration.ofSeconds(5))).isTrue();
    JsonNode info = agent.call("guest-info", null, Duration.ofSeconds(5));
    assertThat(info.path("version").asText()).isEqualTo("7.2.0");
  }

  @Test
  void reportsAgentErrors() {
    assertThatThrownBy(() -> agent.call("guest-frobnicate", null, Duration.ofSeconds(5)))
        .isInstanceOf(VmException.class)
        .hasMessageContaining("guest-frobnicate failed: nope");
  }

  @Test
  void anUnansweredCallTimesOutAndTheNextOneResynchronises() {
    assertThat(agent.trySync(Duration.ofSeconds(5))).isTrue();
    silent.set(true);
    assertThatThrownBy(() -> agent.call("guest-info", null, Duration.ofMillis(200)))
        .hasMessageContaining("did not answer guest-info");
    silent.set(false);
    assertThat(agent.call("guest-info", null, Duration.ofSeconds(5)).path("version").asText())
        .isEqualTo("7.2.0");
  }

  @Test
  void aMissingSocketIsNotReadyYet() throws IOException {
    GuestAgent absent = new GuestAgent("absent", dir.resolve("none.sock"));
    assertThat(absent.trySync(Duration.ofMillis(100))).isFalse();
    assertThat(Files.exists(dir.resolve("none.sock"))).isFalse();
  }
}
