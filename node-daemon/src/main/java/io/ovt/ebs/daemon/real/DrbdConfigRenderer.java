package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import java.util.List;

/**
 * Renders a resource file for {@code /etc/drbd.d/}. Peer-loss detection is tuned to about 2.5 s
 * (see {@link #PING_INT_SECONDS}), resync runs at a fixed rate, a lost peer is recorded by the
 * daemon's fence-peer handler (with I/O frozen until the operator knows, except for protocol A: see
 * {@link #fencing}), and a split brain always disconnects so that no side's writes are discarded
 * without a person deciding.
 */
public final class DrbdConfigRenderer {
  /**
   * Seconds an idle connection waits before DRBD sends a keep-alive ping. A dead peer (a crashed
   * host sends no RST) is noticed at most {@code PING_INT + PING_TIMEOUT} after its last packet:
   * 2.5 s here, so the standby reports the loss in time for a failover within 10 s. DRBD's defaults
   * (10 s and 0.5 s) made the standby notice after 18 s on the test VMs.
   */
  static final int PING_INT_SECONDS = 2;

  /** Tenths of a second the peer has to answer a ping: DRBD's own default, 0.5 s. */
  static final int PING_TIMEOUT_TENTHS = 5;

  /**
   * Tenths of a second the peer has to answer a request before it counts as dead (with write
   * traffic the loss is seen here rather than by pings). drbd.conf requires it to be below both
   * {@code connect-int} and {@code ping-int}: 1.5 s &lt; 2 s.
   */
  static final int TIMEOUT_TENTHS = 15;

  /** Seconds between attempts to reach a lost peer again, so a healed link reconnects quickly. */
  static final int CONNECT_INT_SECONDS = 2;

  private DrbdConfigRenderer() {}

  /** The file's text for the given DRBD generation. */
  public static String render(DrbdResourceConfig config, DrbdFlavor flavor) {
    return flavor == DrbdFlavor.V84 ? render84(config) : render9(config);
  }

  private static String render84(DrbdResourceConfig c) {
    return """
        # Written by the EBS node daemon for volume %1$s; do not edit.
        resource %1$s {
          device /dev/drbd%2$d minor %2$d;
          disk %3$s;
          meta-disk internal;
        %4$s  disk {
            resync-rate %5$dK;
            c-plan-ahead 0;
            fencing %12$s;
          }
        %6$s  on %7$s {
            address ipv4 %8$s:%9$d;
          }
          on %10$s {
            address ipv4 %11$s:%9$d;
          }
        }
        """
        .formatted(
            c.name(),
            c.minor(),
            c.local().disk(),
            net(c, ""),
            c.resyncRateKiB(),
            handlers(),
            c.local().hostname(),
            c.local().address(),
            c.port(),
            c.peer().hostname(),
            c.peer().address(),
            fencing(c.protocol()));
  }

  /**
   * DRBD's fencing policy for the protocol. {@code resource-and-stonith} freezes a primary's I/O
   * when it loses its peer until the fence-peer handler answers, so no write is acknowledged that
   * the peer lacks before the operator knows. DRBD refuses it with protocol A ("Fencing policy
   * resource-and-stonith only with prot B or C allowed", and the resource never connects): an async
   * write is acknowledged before the peer has it, so the peer may lack acknowledged writes anyway.
   * Protocol A gets {@code resource-only}: the handler still runs and records the loss, the I/O
   * goes on.
   */
  static String fencing(DrbdProtocol protocol) {
    return protocol == DrbdProtocol.A ? "resource-only" : "resource-and-stonith";
  }

  private static String render9(DrbdResourceConfig c) {
    // Node ids must agree on both hosts: derive them from the sorted host names.
    List<String> hosts =
        List.of(c.local().hostname(), c.peer().hostname()).stream().sorted().toList();
    return """
        # Written by the EBS node daemon for volume %1$s; do not edit.
        resource %1$s {
        %2$s  disk {
            resync-rate %3$dK;
            c-plan-ahead 0;
          }
        %4$s%5$s%6$s  connection-mesh {
            hosts %7$s %8$s;
          }
        }
        """
        .formatted(
            c.name(),
            net(c, "    fencing " + fencing(c.protocol()) + ";\n"),
            c.resyncRateKiB(),
            handlers(),
            on9(c.local().hostname(), hosts, c.local().address(), c),
            on9(c.peer().hostname(), hosts, c.peer().address(), c),
            hosts.get(0),
            hosts.get(1));
  }

  private static String on9(String host, List<String> hosts, String address, DrbdResourceConfig c) {
    return """
          on %s {
            node-id %d;
            address ipv4 %s:%d;
            volume 0 {
              device minor %d;
              disk %s;
              meta-disk internal;
            }
          }
        """
        .formatted(host, hosts.indexOf(host), address, c.port(), c.minor(), c.local().disk());
  }

  private static String net(DrbdResourceConfig c, String extra) {
    return """
          net {
            protocol %1$s;
            ping-int %2$d;
            ping-timeout %3$d;
            timeout %4$d;
            connect-int %5$d;
            after-sb-0pri disconnect;
            after-sb-1pri disconnect;
            after-sb-2pri disconnect;
        %6$s  }
        """
        .formatted(
            c.protocol(),
            PING_INT_SECONDS,
            PING_TIMEOUT_TENTHS,
            TIMEOUT_TENTHS,
            CONNECT_INT_SECONDS,
            extra);
  }

  /** A lost peer is recorded by the daemon's handler; see {@link FencingHandler}. */
  private static String handlers() {
    return """
          handlers {
            fence-peer "%s";
          }
        """
        .formatted(FencingHandler.SCRIPT);
  }
}
