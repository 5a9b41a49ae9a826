package io.ovt.ebs.daemon;

import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.http.NodeApiServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** A running node daemon: a storage host behind the authenticated node API. */
public final class NodeDaemon implements AutoCloseable {
  private static final int THREADS = 16;

  private final NodeApiServer server;
  private final StorageHost host;
  private final NodeService service;

  private NodeDaemon(NodeApiServer server, StorageHost host, NodeService service) {
    this.server = server;
    this.host = host;
    this.service = service;
  }

  /** Starts serving the host on the address (port 0 picks one); the lease is kept in memory. */
  public static NodeDaemon start(
      String backendId,
      StorageHost host,
      HostLayout layout,
      InetSocketAddress address,
      Supplier<String> token,
      Clock clock)
      throws IOException {
    return start(backendId, host, layout, address, token, clock, FencingSettings.inMemory());
  }

  /** Starts serving the host on the address (port 0 picks one), fencing as the settings say. */
  public static NodeDaemon start(
      String backendId,
      StorageHost host,
      HostLayout layout,
      InetSocketAddress address,
      Supplier<String> token,
      Clock clock,
      FencingSettings fencing)
      throws IOException {
    return start(backendId, host, layout, address, token, clock, fencing, Optional.empty());
  }

  /** Starts serving the host, over TLS when a context is given. */
  public static NodeDaemon start(
      String backendId,
      StorageHost host,
      HostLayout layout,
      InetSocketAddress address,
      Supplier<String> token,
      Clock clock,
      FencingSettings fencing,
      Optional<SSLContext> tls)
      throws IOException {
    NodeService service = new NodeService(backendId, host, layout, clock, fencing);
    try {
      return new NodeDaemon(
          NodeApiServer.start(address, service, token, THREADS, tls), host, service);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /** The port the API listens on. */
  public int port() {
    return server.port();
  }

  /** What the daemon serves, for tests and diagnostics. */
  public NodeService service() {
    return service;
  }

  /** The storage host this daemon drives. */
  public StorageHost host() {
    return host;
  }

  @Override
  public void close() {
    server.close();
    service.close();
  }
}
