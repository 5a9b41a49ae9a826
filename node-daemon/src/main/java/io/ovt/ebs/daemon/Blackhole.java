package io.ovt.ebs.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port that accepts connections, reads nothing and never answers: what a client sees of a host
 * behind a network partition once its requests are on the wire (they time out, they are not
 * refused). For the simulated daemons.
 */
final class Blackhole implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  private Blackhole(ServerSocket server) {
    this.server = server;
    Thread acceptor = new Thread(this::accept, "blackhole-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Opens the blackhole on the address and port (just freed by the daemon it replaces). */
  static Blackhole open(String address, int port) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new java.net.InetSocketAddress(InetAddress.getByName(address), port));
      return new Blackhole(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hold " + address + ":" + port, e);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        held.add(server.accept());
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket s : held) {
        // Reset, not closed: a closed connection would sit in TIME_WAIT on this port, and the
        // daemon restarted on it next could not bind.
        s.setSoLinger(true, 0);
        s.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
