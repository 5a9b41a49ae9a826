package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.sim.ManualClock;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.nodeapi.DesiredDrbd;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import java.time.Instant;
import java.util.List;

/** Two simulated hosts on one network, each with a converger, and desired states for them. */
public final class TwoHosts {
  public static final long GIB = 1L << 30;

  public final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final SimulatedNetwork network = new SimulatedNetwork(clock);
  public final SimulatedHost a =
      new SimulatedHost(network, "hci-0001", "10.0.10.21", "volumes", 20 * GIB, "pool", 8 * GIB);
  public final SimulatedHost b =
      new SimulatedHost(network, "hci-0002", "10.0.10.22", "volumes", 20 * GIB, "pool", 8 * GIB);
  public final HostLayout layoutA =
      new HostLayout("volumes", "pool", HostLayout.DEFAULT_TAG, "hci-0001");
  public final HostLayout layoutB =
      new HostLayout("volumes", "pool", HostLayout.DEFAULT_TAG, "hci-0002");
  public final Converger onA = new Converger(a, layoutA);
  public final Converger onB = new Converger(b, layoutB);

  public static DesiredVolume replicated(
      String name,
      long size,
      Provisioning provisioning,
      boolean onFirst,
      Role role,
      InitialSync initial,
      DesiredExport... exports) {
    String local = onFirst ? "10.0.10.21" : "10.0.10.22";
    String peerAddress = onFirst ? "10.0.10.22" : "10.0.10.21";
    String peerHost = onFirst ? "hci-0002" : "hci-0001";
    return new DesiredVolume(
        name,
        size,
        provisioning,
        new DesiredDrbd(
            1000,
            7001,
            DrbdProtocol.C,
            local,
            new DesiredDrbd.DrbdPeer(peerHost, peerAddress),
            role,
            100 * 1024,
            initial),
        List.of(exports));
  }

  public static DesiredExport export(String name) {
    return new DesiredExport(
        "iqn.2010-10.org.openstack:" + name,
        0,
        List.of("iqn.1993-08.org.debian:01:client"),
        List.of("10.0.251.21:3260", "10.0.252.21:3260"));
  }
}
