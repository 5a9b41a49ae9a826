package io.ovt.ebs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports chosen by the kernel, so two test runs on one machine do not collide. All
 * sockets of one request stay bound until every port is chosen, so the ports are distinct.
 */
final class PortAllocator {
  private PortAllocator() {}

  /** {@code udp} free UDP ports and {@code tcp} free TCP ports on 127.0.0.1, in that order. */
  static List<Integer> loopbackPorts(int udp, int tcp) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<AutoCloseable> held = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      for (int i = 0; i < udp; i++) {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
        held.add(socket);
        ports.add(socket.getLocalPort());
      }
      for (int i = 0; i < tcp; i++) {
        ServerSocket socket = new ServerSocket(0, 1, loopback);
        held.add(socket);
        ports.add(socket.getLocalPort());
      }
      return List.copyOf(ports);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free loopback ports", e);
    } finally {
      for (AutoCloseable socket : held) {
        try {
          socket.close();
        } catch (Exception e) {
          // an unbound socket has nothing to release
        }
      }
    }
  }
}
