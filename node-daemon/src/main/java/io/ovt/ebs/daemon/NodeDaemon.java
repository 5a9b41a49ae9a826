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

  private NodeDaemon(NodeApiServer server, StorageHost host) {
    this.server = server;
    this.host = host;
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
    return new NodeDaemon(NodeApiServer.start(address, service, token, THREADS), host);
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
  }
}
