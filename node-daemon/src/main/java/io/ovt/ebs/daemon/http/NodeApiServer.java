package io.ovt.ebs.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ovt.ebs.daemon.NodeService;
import io.ovt.ebs.nodeapi.NodeApiJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** The node API's HTTP server: one authenticated context for every route. */
public final class NodeApiServer implements AutoCloseable {
  /** Largest request body accepted; a desired volume is a few hundred bytes. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;

  private NodeApiServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving the node over plain HTTP on the address; port 0 picks a free port. */
  public static NodeApiServer start(
      InetSocketAddress address, NodeService service, Supplier<String> token, int threads)
      throws IOException {
    return start(address, service, token, threads, Optional.empty());
  }

  /**
   * Starts serving the node on the address, over TLS when a context is given (a plain-HTTP client
   * then fails its handshake and no request reaches a handler).
   */
  public static NodeApiServer start(
      InetSocketAddress address,
      NodeService service,
      Supplier<String> token,
      int threads,
      Optional<SSLContext> tls)
      throws IOException {
    ObjectMapper json = NodeApiJson.newMapper();
    JsonResponses responses = new JsonResponses(json);
    HttpServer server;
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    HttpContext context =
        server.createContext("/", new NodeApiHandler(service, json, responses, MAX_BODY_BYTES));
    context.getFilters().add(new BearerTokenAuth(token, responses, AuthFailureLimit.standard()));
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.start();
    return new NodeApiServer(server, executor);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops at once; a stopped daemon is unreachable, as a crashed one is. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
