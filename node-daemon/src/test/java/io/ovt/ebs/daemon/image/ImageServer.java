package io.ovt.ebs.daemon.image;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback serving image files from memory and keeping what is PUT to it (as a
 * web server taking uploads would, 201 Created), counting the requests per path.
 */
public final class ImageServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, byte[]> received = new ConcurrentHashMap<>();

  public ImageServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          if (exchange.getRequestMethod().equals("PUT")) {
            byte[] upload;
            try (var in = exchange.getRequestBody()) {
              upload = in.readAllBytes();
            }
            int answer = statuses.getOrDefault(path, 201);
            if (answer / 100 == 2) {
              received.put(path, upload);
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
            return;
          }
          byte[] body = files.get(path);
          int status = statuses.getOrDefault(path, body == null ? 404 : 200);
          if (status != 200 || body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** Serves {@code body} at {@code path}; returns its URL. */
  public String serve(String path, byte[] body) {
    files.put(path, body);
    return url(path);
  }

  /** Answers {@code status} (no body) at {@code path}; returns its URL. */
  public String answer(String path, int status) {
    statuses.put(path, status);
    return url(path);
  }

  /** Answers requests to {@code path} as usual again (a PUT: 201, keeping the body). */
  public void heal(String path) {
    statuses.remove(path);
  }

  /** What the last successful PUT to {@code path} sent, or null. */
  public byte[] received(String path) {
    return received.get(path);
  }

  /** The URL of a path on this server. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** How many requests reached {@code path}. */
  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** The sha256 of some bytes, as the node API spells it. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
