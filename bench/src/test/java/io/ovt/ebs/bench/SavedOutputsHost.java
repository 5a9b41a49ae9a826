package io.ovt.ebs.bench;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.SharedLvmReports;
import io.ovt.ebs.daemon.image.ImageDownload;
import io.ovt.ebs.daemon.real.DeviceBlocks;
import io.ovt.ebs.daemon.real.DrbdCli;
import io.ovt.ebs.daemon.real.DrbdFlavor;
import io.ovt.ebs.daemon.real.LioTargets;
import io.ovt.ebs.daemon.real.LvmCli;
import io.ovt.ebs.daemon.real.QemuImageImporter;
import io.ovt.ebs.daemon.real.RealHost;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.NodeApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real host (the daemon's real LVM, DRBD 8.4 and LIO wrappers, as the e2e VMs run them) over a
 * recording command runner and a scratch root holding N volumes, all built from the saved real
 * outputs of node-daemon's parser tests: the {@code lvs} report, {@code /proc/drbd}, the daemon's
 * DRBD records and LIO's configfs tree, each the saved volume's entry repeated N times.
 */
final class SavedOutputsHost implements CommandRunner {
  static final String VG = "volumes";

  final List<Command> ran = new CopyOnWriteArrayList<>();
  final Path root;
  final RealHost host;
  private final List<String> lvLines = new ArrayList<>();
  private final String poolLine;
  private final java.util.Set<String> withMetadata =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A host with {@code volumes} replicated thin volumes, primary here, exported. */
  SavedOutputsHost(Path root, int volumes) throws IOException {
    this.root = root;
    String lvs = saved("lvs-report.json");
    String thin = line(lvs, "\"lv_name\":\"ebs-thin\"");
    poolLine = line(lvs, "\"lv_name\":\"pool\"");
    String procTemplate = saved("proc-drbd-connected-primary.txt");
    String header = procTemplate.substring(0, procTemplate.indexOf("1000:"));
    String minorLines = procTemplate.substring(procTemplate.indexOf("1000:") + "1000:".length());
    StringBuilder proc = new StringBuilder(header);
    var json = NodeApiJson.newMapper();
    Files.createDirectories(root.resolve("drbd-state"));
    Files.createDirectories(root.resolve("drbd.d"));
    for (int i = 0; i < volumes; i++) {
      String name = name(i);
      int minor = 1000 + i;
      lvLines.add(thin.replace("\"ebs-thin\"", "\"" + name + "\""));
      proc.append(minor).append(':').append(minorLines);
      DrbdResourceConfig config =
          new DrbdResourceConfig(
              name,
              minor,
              7000 + i,
              DrbdProtocol.C,
              new DrbdResourceConfig.Endpoint("hci-0001", "10.0.10.21", "/dev/volumes/" + name),
              new DrbdResourceConfig.Endpoint("hci-0002", "10.0.10.22", null),
              0);
      json.writeValue(root.resolve("drbd-state/" + name + ".json").toFile(), config);
      Path size = root.resolve("sys/block/drbd" + minor + "/size");
      Files.createDirectories(size.getParent());
      Files.writeString(size, "2097016\n");
      configfsTarget(name);
    }
    Files.writeString(root.resolve("proc-drbd"), proc.toString());
    Files.createDirectories(root.resolve("fencing"));
    host =
        new RealHost(
            this,
            "hci-0001",
            new SharedLvmReports(new LvmCli(this, VG), Clock.systemUTC()),
            new DrbdCli(
                this,
                new DrbdCli.Paths(
                    root.resolve("drbd.d"),
                    root.resolve("drbd-state"),
                    root.resolve("proc-drbd"),
                    root.resolve("sys/block"),
                    root.resolve("fencing")),
                DrbdFlavor.V84),
            new LioTargets(this, root.resolve("config/target")),
            new DeviceBlocks(root.resolve("dev/" + VG)),
            new QemuImageImporter(
                this, root.resolve("dev/" + VG), root.resolve("images"), ImageDownload.standard()));
  }

  static String name(int i) {
    return String.format("ebs-v%05d", i);
  }

  @Override
  public CommandResult run(Command command) {
    ran.add(command);
    String tool = command.argv().get(0);
    if (command.argv().equals(List.of("lvm", "version"))) {
      return ok(saved("lvm-version.txt"));
    }
    if (command.argv().equals(List.of("drbdadm", "--version"))) {
      return ok(saved("drbdadm-version.txt"));
    }
    // DRBD metadata exists once create-md made it, as on a real host.
    List<String> argv = command.argv();
    if (argv.size() > 1 && argv.get(0).equals("drbdadm") && argv.contains("create-md")) {
      withMetadata.add(argv.get(argv.size() - 1));
    }
    if (argv.size() == 3 && argv.get(0).equals("drbdadm") && argv.get(1).equals("get-gi")) {
      return withMetadata.contains(argv.get(2))
          ? ok(saved("drbdadm-get-gi-fresh.txt"))
          : new CommandResult(255, "", ""); // silently, as DrbdCli.ensureMetadata says
    }
    if (argv.size() == 3 && argv.get(0).equals("drbdadm") && argv.get(1).equals("dump-md")) {
      return new CommandResult(255, "", saved("stderr-drbdadm-dump-md-no-metadata.txt"));
    }
    if (tool.equals("vgs")) {
      return ok(saved("vgs-report.json"));
    }
    if (tool.equals("lvs")) {
      List<String> all = new ArrayList<>(lvLines);
      all.add(poolLine);
      return ok(
          "  {\n      \"report\": [\n          {\n              \"lv\": [\n"
              + String.join(",\n", all)
              + "\n              ]\n          }\n      ]\n  }\n");
    }
    return ok("");
  }

  /** Forgets the commands run so far. */
  void clear() {
    ran.clear();
  }

  /** The saved volume's configfs entries (target, LUN, ACLs, portal, backstore) for one more. */
  private void configfsTarget(String name) throws IOException {
    Path target = root.resolve("config/target");
    for (String line : saved("lio-configfs-tree.txt").split("\n")) {
      line = line.replace("ebs-x", name);
      String[] parts = line.split(" ", 3);
      if (parts[0].equals("content")) {
        Files.createDirectories(target.resolve(parts[1]).getParent());
        Files.writeString(target.resolve(parts[1]), (parts.length > 2 ? parts[2] : "") + "\n");
        continue;
      }
      Path path = target.resolve(parts[1].strip()).normalize();
      switch (parts[0]) {
        case "d" -> Files.createDirectories(path);
        case "l" -> Files.createSymbolicLink(path, Path.of(parts[2].strip()));
        case "f" -> {
          if (!Files.exists(path)) {
            Files.createFile(path);
          }
        }
        default -> throw new IllegalStateException(line);
      }
    }
  }

  private static CommandResult ok(String stdout) {
    return new CommandResult(0, stdout, "");
  }

  private static String line(String text, String containing) {
    // Without the separating comma: the report is joined again around the repeated entries.
    String line =
        text.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow().strip();
    return line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
  }

  /** A saved real output from node-daemon's test jar. */
  static String saved(String file) {
    try (InputStream in = SavedOutputsHost.class.getResourceAsStream("/real-outputs/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no saved output " + file + " (node-daemon's test jar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
