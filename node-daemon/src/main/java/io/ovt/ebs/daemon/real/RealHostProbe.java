package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandException;
import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.command.CommandRunner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that this machine can be a real storage host and says exactly what is missing: tools,
 * kernel modules, the volume group and the thin pool.
 */
public final class RealHostProbe {
  /**
   * Where the probe looks.
   *
   * @param path the PATH to search for tools
   * @param procDrbd present when the drbd module is loaded
   * @param lioConfigfs present when LIO's target_core_mod is loaded and configfs mounted
   */
  public record Places(String path, Path procDrbd, Path lioConfigfs) {
    /** This machine's places. */
    public static Places standard() {
      String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      return new Places(
          path + ":/usr/sbin:/sbin", Path.of("/proc/drbd"), Path.of("/sys/kernel/config/target"));
    }
  }

  private final CommandRunner runner;
  private final Places places;

  public RealHostProbe(CommandRunner runner, Places places) {
    this.runner = runner;
    this.places = places;
  }

  /** What is missing for a host with this volume group, thin pool (or null) and target helper. */
  public List<String> missing(String volumeGroup, String thinPool, boolean lio) {
    List<String> missing = new ArrayList<>();
    List<String> tools =
        new ArrayList<>(
            List.of("lvm", "lvs", "vgs", "lvcreate", "lvextend", "lvremove", "drbdadm"));
    tools.add(lio ? "targetcli" : "tgtadm");
    for (String tool : tools) {
      if (!onPath(tool)) {
        missing.add(
            "command '"
                + tool
                + "' not found (Debian: apt-get install "
                + (tool.equals("drbdadm")
                    ? "drbd-utils"
                    : tool.equals("targetcli")
                        ? "targetcli-fb"
                        : tool.equals("tgtadm") ? "tgt" : "lvm2")
                + ")");
      }
    }
    if (!Files.exists(places.procDrbd())) {
      missing.add(
          "the drbd kernel module is not loaded ("
              + places.procDrbd()
              + " is missing; modprobe drbd)");
    }
    if (lio && !Files.isDirectory(places.lioConfigfs())) {
      missing.add(
          "LIO is not available ("
              + places.lioConfigfs()
              + " is missing; modprobe target_core_mod iscsi_target_mod and mount configfs)");
    }
    if (missing.isEmpty() && !lio) {
      CommandResult tgt =
          run(List.of("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show"));
      if (tgt == null || !tgt.ok()) {
        missing.add("tgtd is not running (start it: tgtd, or systemctl start tgt)");
      }
    }
    if (missing.isEmpty()) {
      CommandResult vgs = run(List.of("vgs", volumeGroup));

      if (vgs == null || !vgs.ok()) {
        missing.add(
            "volume group '" + volumeGroup + "' not found (vgcreate " + volumeGroup + " <disks>)");
      } else if (thinPool != null) {
        CommandResult pool = run(List.of("lvs", volumeGroup + "/" + thinPool));
        if (pool == null || !pool.ok()) {
          missing.add(
              "thin pool '"
                  + volumeGroup
                  + "/"
                  + thinPool
                  + "' not found (lvcreate --type thin-pool ...)");
        }
      }
    }
    return missing;
  }

  private CommandResult run(List<String> argv) {
    try {
      return runner.run(Command.of(argv));
    } catch (CommandException e) {
      return null;
    }
  }

  private boolean onPath(String tool) {
    for (String dir : places.path().split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
