package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses DRBD 8.4's {@code /proc/drbd}. */
public final class ProcDrbd {
  private static final Pattern VERSION = Pattern.compile("^version: (\\S+)", Pattern.MULTILINE);
  private static final Pattern DEVICE =
      Pattern.compile("^\\s*(\\d+): cs:(\\S+)(?: ro:(\\S+)/(\\S+) ds:(\\S+)/(\\S+))?");
  private static final Pattern SYNCED = Pattern.compile("sync'ed:\\s*([0-9.]+)%");
  private static final Pattern IO_FLAGS = Pattern.compile(" [ABC ] ([rs])[-a-z]{5}\\s*$");
  private static final Pattern COUNTER = Pattern.compile("\\b(lo|pe|ua|ap):(\\d+)");

  private ProcDrbd() {}

  /**
   * One minor as /proc/drbd shows it.
   *
   * @param minor the minor
   * @param connection connection state, normalised to DRBD 9's words
   * @param replication replication state
   * @param role local role
   * @param peerRole peer role, null when unknown
   * @param disk local disk state
   * @param peerDisk peer disk state
   * @param syncPercent progress of a running resync, else null
   * @param suspended whether I/O is suspended (the 's' after the protocol letter)
   * @param inFlight the {@code ap pe ua lo} counters, null when the line is missing
   */
  public record Minor(
      int minor,
      ConnectionState connection,
      ReplicationState replication,
      Role role,
      Role peerRole,
      DiskState disk,
      DiskState peerDisk,
      Double syncPercent,
      boolean suspended,
      DrbdResourceStatus.InFlight inFlight) {}

  /** The module version, e.g. 8.4.11, or null. */
  public static String version(String text) {
    Matcher m = VERSION.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** Every configured minor; unconfigured ones are left out. */
  public static List<Minor> parse(String text) {
    List<Minor> minors = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher m = DEVICE.matcher(lines[i]);
      if (!m.find() || m.group(3) == null) {
        continue;
      }
      String cs = m.group(2);
      Double synced = null;
      DrbdResourceStatus.InFlight inFlight = null;
      for (int j = i + 1; j < lines.length && !DEVICE.matcher(lines[j]).find(); j++) {
        Matcher s = SYNCED.matcher(lines[j]);
        if (s.find()) {
          synced = Double.parseDouble(s.group(1));
        }
        if (inFlight == null) {
          inFlight = inFlight(lines[j]);
        }
      }
      Matcher flags = IO_FLAGS.matcher(lines[i]);
      minors.add(
          new Minor(
              Integer.parseInt(m.group(1)),
              connection(cs),
              replication(cs),
              role(m.group(3)),
              role(m.group(4)),
              disk(m.group(5)),
              disk(m.group(6)),
              synced,
              flags.find() && flags.group(1).equals("s"),
              inFlight));
    }
    return minors;
  }

  /** The counters line's {@code ap pe ua lo}, or null when the line has none. */
  private static DrbdResourceStatus.InFlight inFlight(String line) {
    Map<String, Long> counters = new HashMap<>();
    Matcher m = COUNTER.matcher(line);
    while (m.find()) {
      counters.put(m.group(1), Long.parseLong(m.group(2)));
    }
    if (counters.size() < 4) {
      return null;
    }
    return new DrbdResourceStatus.InFlight(
        counters.get("ap"), counters.get("pe"), counters.get("ua"), counters.get("lo"));
  }

  /** 8.4 folds connection and replication into one cstate; DRBD 9 splits them. */
  static ConnectionState connection(String cs) {
    return switch (cs) {
      case "StandAlone" -> ConnectionState.StandAlone;
      case "Disconnecting" -> ConnectionState.Disconnecting;
      case "Unconnected" -> ConnectionState.Unconnected;
      case "Timeout" -> ConnectionState.Timeout;
      case "BrokenPipe" -> ConnectionState.BrokenPipe;
      case "NetworkFailure" -> ConnectionState.NetworkFailure;
      case "ProtocolError" -> ConnectionState.ProtocolError;
      case "TearDown" -> ConnectionState.TearDown;
      case "WFConnection", "WFReportParams" -> ConnectionState.Connecting;
      default -> ConnectionState.Connected;
    };
  }

  static ReplicationState replication(String cs) {
    if (connection(cs) != ConnectionState.Connected) {
      return ReplicationState.Off;
    }
    for (ReplicationState state : ReplicationState.values()) {
      if (state.name().equals(cs)) {
        return state;
      }
    }
    return ReplicationState.Established;
  }

  static Role role(String ro) {
    return switch (ro) {
      case "Primary" -> Role.PRIMARY;
      case "Secondary" -> Role.SECONDARY;
      default -> null;
    };
  }

  static DiskState disk(String ds) {
    for (DiskState state : DiskState.values()) {
      if (state.name().equals(ds)) {
        return state;
      }
    }
    return DiskState.DUnknown;
  }
}
