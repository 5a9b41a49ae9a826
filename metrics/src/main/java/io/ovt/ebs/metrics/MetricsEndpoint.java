package io.ovt.ebs.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in Prometheus text format, and {@code /healthz}. The metrics hold no
 * secrets, so the endpoint is unauthenticated, as Prometheus scrapes expect.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Serves the registry on the address (port 0 picks one), refreshing the gauges per scrape. */
  public static MetricsEndpoint start(
      InetSocketAddress address, PrometheusMeterRegistry registry, Runnable beforeScrape)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(
        "/metrics",
        exchange ->
            answer(
                exchange,
                "text/plain; version=0.0.4; charset=utf-8",
                () -> {
                  beforeScrape.run();
                  return registry.scrape();
                }));
    server.createContext("/healthz", exchange -> answer(exchange, "text/plain", () -> "ok\n"));
    server.start();
    return new MetricsEndpoint(server);
  }

  private static void answer(HttpExchange exchange, String type, Supplier<String> body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
