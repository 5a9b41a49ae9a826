package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import java.util.List;

/**
 * Renders a resource file for {@code /etc/drbd.d/}. Peer-loss detection is tuned to seconds (the
 * defaults take about 18 s), resync runs at a fixed rate, and a split brain always disconnects so
 * that no side's writes are discarded without a person deciding.
 */
public final class DrbdConfigRenderer {
  private DrbdConfigRenderer() {}

  /** The file's text for the given DRBD generation. */
  public static String render(DrbdResourceConfig config, DrbdFlavor flavor) {
    return flavor == DrbdFlavor.V84 ? render84(config) : render9(config);
  }

  private static String render84(DrbdResourceConfig c) {
    return header(c)
        + "resource "
        + c.name()
        + " {\n"
        + "  device /dev/drbd"
        + c.minor()
        + " minor "
        + c.minor()
        + ";\n"
        + "  disk "
        + c.local().disk()
        + ";\n"
        + "  meta-disk internal;\n"
        + net(c)
        + disk(c)
        + "  on "
        + c.local().hostname()
        + " {\n"
        + "    address ipv4 "
        + c.local().address()
        + ":"
        + c.port()
        + ";\n"
        + "  }\n"
        + "  on "
        + c.peer().hostname()
        + " {\n"
        + "    address ipv4 "
        + c.peer().address()
        + ":"
        + c.port()
        + ";\n"
        + "  }\n"
        + "}\n";
  }

  private static String render9(DrbdResourceConfig c) {
    // Node ids must agree on both hosts: derive them from the sorted host names.
    List<String> hosts =
        List.of(c.local().hostname(), c.peer().hostname()).stream().sorted().toList();
    return header(c)
        + "resource "
        + c.name()
        + " {\n"
        + net(c)
        + disk(c)
        + on9(c.local().hostname(), hosts.indexOf(c.local().hostname()), c.local().address(), c)
        + on9(c.peer().hostname(), hosts.indexOf(c.peer().hostname()), c.peer().address(), c)
        + "  connection-mesh {\n"
        + "    hosts "
        + hosts.get(0)
        + " "
        + hosts.get(1)
        + ";\n"
        + "  }\n"
        + "}\n";
  }

  private static String on9(String host, int nodeId, String address, DrbdResourceConfig c) {
    return "  on "
        + host
        + " {\n"
        + "    node-id "
        + nodeId
        + ";\n"
        + "    address ipv4 "
        + address
        + ":"
        + c.port()
        + ";\n"
        + "    volume 0 {\n"
        + "      device minor "
        + c.minor()
        + ";\n"
        + "      disk "
        + c.local().disk()
        + ";\n"
        + "      meta-disk internal;\n"
        + "    }\n"
        + "  }\n";
  }

  private static String header(DrbdResourceConfig c) {
    return "# Written by the EBS node daemon for volume " + c.name() + "; do not edit.\n";
  }

  private static String net(DrbdResourceConfig c) {
    return "  net {\n"
        + "    protocol "
        + c.protocol()
        + ";\n"
        + "    ping-int 3;\n"
        + "    ping-timeout 10;\n"
        + "    timeout 20;\n"
        + "    connect-int 3;\n"
        + "    after-sb-0pri disconnect;\n"
        + "    after-sb-1pri disconnect;\n"
        + "    after-sb-2pri disconnect;\n"
        + "  }\n";
  }

  private static String disk(DrbdResourceConfig c) {
    return "  disk {\n"
        + "    resync-rate "
        + c.resyncRateKiB()
        + "K;\n"
        + "    c-plan-ahead 0;\n"
        + "  }\n";
  }
}
