package io.ovt.ebs.bench;

import io.ovt.ebs.daemon.NodeService;
import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * P5: external commands the real backends run per observation, at several volume counts, counted on
 * {@link SavedOutputsHost}'s recording runner.
 */
final class ObservationBenchmark {
  /**
   * The commands of one host at one size.
   *
   * @param volumes volumes on the host
   * @param observed volumes the daemon's listing returned (a check that the saved outputs parsed)
   * @param listing commands of one {@code GET /volumes} (every volume observed)
   * @param oneVolume commands of one {@code GET /volumes/{name}}
   * @param heartbeat commands of one {@code GET /node} after the first (versions are cached)
   * @param listingTools the listing's commands by tool
   */
  record Count(
      int volumes,
      int observed,
      int listing,
      int oneVolume,
      int heartbeat,
      Map<String, Integer> listingTools) {}

  private ObservationBenchmark() {}

  static List<Count> observe(List<Integer> sizes) throws IOException {
    List<Count> counts = new ArrayList<>();
    for (int n : sizes) {
      counts.add(observe(n));
    }
    return counts;
  }

  static Count observe(int volumes) throws IOException {
    Path root = Files.createTempDirectory("ebs-bench-p5-");
    try {
      SavedOutputsHost saved = new SavedOutputsHost(root, volumes);
      HostLayout layout =
          new HostLayout(SavedOutputsHost.VG, "pool", HostLayout.DEFAULT_TAG, "hci-0001");
      try (NodeService node =
          new NodeService(
              "hci-0001@EBS", saved.host, layout, Clock.systemUTC(), FencingSettings.inMemory())) {
        node.node(); // reads the versions once; later heartbeats reuse them
        saved.clear();
        int observed = node.volumes().size();
        List<Command> listing = List.copyOf(saved.ran);
        saved.clear();
        node.volume(SavedOutputsHost.name(volumes / 2));
        int one = saved.ran.size();
        saved.clear();
        node.node();
        int heartbeat = saved.ran.size();
        return new Count(volumes, observed, listing.size(), one, heartbeat, byTool(listing));
      } catch (Exception e) {
        throw new IllegalStateException("observing " + volumes + " volumes failed", e);
      }
    } finally {
      delete(root);
    }
  }

  /** Counts by tool, drbdadm's by its subcommand too (e.g. "drbdadm create-md"). */
  static Map<String, Integer> byTool(List<Command> commands) {
    Map<String, Integer> tools = new TreeMap<>();
    for (Command c : commands) {
      tools.merge(tool(c.argv()), 1, Integer::sum);
    }
    return tools;
  }

  private static String tool(List<String> argv) {
    if (!argv.get(0).equals("drbdadm")) {
      return argv.get(0);
    }
    for (int i = 1; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (arg.equals("-c")) {
        i++; // its configuration file
      } else if (!arg.startsWith("-")) {
        return "drbdadm " + arg;
      }
    }
    return "drbdadm";
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
