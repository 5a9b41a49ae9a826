package io.ovt.ebs.daemon;

import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.http.NodeApiServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.function.Supplier;

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

  /** Starts serving the host on the address (port 0 picks one). */
  public static NodeDaemon start(
      String backendId,
      StorageHost host,
      HostLayout layout,
      InetSocketAddress address,
      Supplier<String> token,
      Clock clock)
      throws IOException {
    NodeService service = new NodeService(backendId, host, layout, clock);
    try {
      return new NodeDaemon(NodeApiServer.start(address, service, token, THREADS), host, service);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /** The port the API listens on. */
  public int port() {
    return server.port();
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
