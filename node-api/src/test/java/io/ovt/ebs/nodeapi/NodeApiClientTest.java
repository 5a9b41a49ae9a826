package io.ovt.ebs.nodeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a daemon that accepts connections and never answers (a partitioned host). */
class NodeApiClientTest {
  private ServerSocket silent;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  @BeforeEach
  void listen() throws Exception {
    silent = new ServerSocket();
    silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  held.add(silent.accept());
                }
              } catch (java.io.IOException closed) {
                // the test ended
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws Exception {
    silent.close();
    for (Socket s : held) {
      s.close();
    }
  }

  @Test
  void abandonedCallsFailAsUnreachableWithTheReasonLongBeforeTheirTimeout() throws Exception {
    NodeApiClient client =
        new NodeApiClient(
            URI.create("http://127.0.0.1:" + silent.getLocalPort()),
            () -> "token",
            Duration.ofMinutes(10),
            NodeApiClient.newHttpClient(Duration.ofMinutes(10)));
    CompletableFuture<NodeInfo> call =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return client.node();
              } catch (NodeApiException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    await().until(() -> !held.isEmpty()); // the request is on the wire
    assertThat(call).isNotDone();

    client.abandonCalls("lease renewals unanswered for 3 s");

    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NodeUnreachableException.class)
        .hasMessageContaining("GET http://127.0.0.1:")
        .hasMessageContaining("abandoned, lease renewals unanswered for 3 s");
  }
}
