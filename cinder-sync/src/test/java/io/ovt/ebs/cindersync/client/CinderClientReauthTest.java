package io.ovt.ebs.cindersync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does when Cinder answers 401 to a token: one new login and one resend, never a
 * loop. A local HTTP server plays Cinder so the number of requests and tokens can be counted.
 */
class CinderClientReauthTest {

  private HttpServer server;
  private final List<String> tokensSeen = new CopyOnWriteArrayList<>();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  /** Hands out token-1, token-2, ... : a new one after each invalidate(). */
  private static final class CountingAuth implements CinderAuth {
    final URI endpoint;
    final AtomicInteger invalidations = new AtomicInteger();

    CountingAuth(URI endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public Session session() {
      return new Session(endpoint, "token-" + (invalidations.get() + 1));
    }

    @Override
    public void invalidate() {
      invalidations.incrementAndGet();
    }
  }

  /** Answers 401 while {@code refuse} holds for the request's 1-based number, else 200. */
  private CountingAuth cinder(IntPredicate refuse, int refusal) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v3/p/",
        exchange -> {
          tokensSeen.add(exchange.getRequestHeaders().getFirst("X-Auth-Token"));
          boolean refused = refuse.test(tokensSeen.size());
          byte[] body =
              (refused
                      ? "{\"error\": {\"message\": \"The request you have made requires authentication.\"}}"
                      : "{\"services\": []}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(refused ? refusal : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new CountingAuth(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3/p"));
  }

  private CinderClient client(CinderAuth auth) {
    return new CinderClient(
        HttpClient.newHttpClient(),
        auth,
        new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(1), sleeps::add),
        Duration.ofSeconds(10),
        CinderClient.DEFAULT_MICROVERSION,
        10);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aRefusedTokenIsReplacedOnceAndTheRequestSentAgain() throws Exception {
    CountingAuth auth = cinder(n -> n == 1, 401);

    assertThat(client(auth).services()).isEmpty();

    assertThat(tokensSeen).containsExactly("token-1", "token-2");
    assertThat(auth.invalidations).hasValue(1);
    assertThat(sleeps).as("a new login is not a backoff").isEmpty();
  }

  @Test
  void aSecondRefusalIsThrownWithoutAnotherLogin() throws Exception {
    CountingAuth auth = cinder(n -> true, 401);

    assertThatThrownBy(() -> client(auth).services())
        .isInstanceOfSatisfying(
            CinderApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.cinderMessage()).contains("requires authentication");
            });

    assertThat(tokensSeen).containsExactly("token-1", "token-2");
    assertThat(auth.invalidations).hasValue(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void otherRefusalsKeepTheTokenAndAreNotSentAgain() throws Exception {
    CountingAuth auth = cinder(n -> true, 403);

    assertThatThrownBy(() -> client(auth).services())
        .isInstanceOfSatisfying(
            CinderApiException.class, e -> assertThat(e.status()).isEqualTo(403));

    assertThat(tokensSeen).containsExactly("token-1");
    assertThat(auth.invalidations).hasValue(0);
  }
}
