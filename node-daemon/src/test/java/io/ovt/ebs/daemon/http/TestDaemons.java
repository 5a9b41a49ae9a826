package io.ovt.ebs.daemon.http;

import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import java.net.InetSocketAddress;
import java.time.Clock;

/** The HTTP tests' daemon: hci-0001 on a counting simulated host, on a free loopback port. */
final class TestDaemons {
  private TestDaemons() {}

  /** A counting simulated hci-0001 with a VG of {@code vgBytes} and a pool of {@code poolBytes}. */
  static CountingHost host(long vgBytes, long poolBytes) {
    return new CountingHost(
        new SimulatedHost(
            new SimulatedNetwork(Clock.systemUTC()),
            "hci-0001",
            "10.0.10.21",
            "volumes",
            vgBytes,
            "pool",
            poolBytes));
  }

  /** The daemon of hci-0001@EBS on {@code host}, answering {@code token}. */
  static NodeDaemon start(CountingHost host, String token) throws Exception {
    return NodeDaemon.start(
        "hci-0001@EBS",
        host,
        new HostLayout("volumes", "pool", HostLayout.DEFAULT_TAG, "hci-0001"),
        new InetSocketAddress("127.0.0.1", 0),
        () -> token,
        Clock.systemUTC());
  }
}
