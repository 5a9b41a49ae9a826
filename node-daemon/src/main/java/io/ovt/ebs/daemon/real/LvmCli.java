package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.LvmReport;
import io.ovt.ebs.daemon.host.LvmTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** LVM through its command line tools, observed with two JSON reports. */
public final class LvmCli implements LvmTool {
  private final ToolRunner tools;
  private final String volumeGroup;

  public LvmCli(CommandRunner runner, String volumeGroup) {
    this.tools = new ToolRunner(runner, LvmCli::classify);
    this.volumeGroup = volumeGroup;
  }

  @Override
  public LvmReport report() throws StorageException {
    String vgs =
        tools
            .run(
                Command.of(
                    List.of(
                        "vgs",
                        "--reportformat",
                        "json",
                        "--units",
                        "b",
                        "--nosuffix",
                        "-o",
                        LvmJson.VG_FIELDS,
                        volumeGroup)))
            .stdout();
    String lvs =
        tools
            .run(
                Command.of(
                    List.of(
                        "lvs",
                        "--reportformat",
                        "json",
                        "--units",
                        "b",
                        "--nosuffix",
                        "-o",
                        LvmJson.LV_FIELDS,
                        volumeGroup)))
            .stdout();
    try {
      LvmJson.VolumeGroup vg = LvmJson.volumeGroup(vgs);
      return new LvmReport(
          vg.name(), vg.sizeBytes(), vg.freeBytes(), vg.extentBytes(), LvmJson.logicalVolumes(lvs));
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot parse the LVM report: " + e.getMessage(),
          List.of("lvs"),
          null);
    }
  }

  @Override
  public void createThick(String name, long sizeBytes, Set<String> tags) throws StorageException {
    List<String> argv = new ArrayList<>(List.of("lvcreate", "--yes", "--wipesignatures", "y"));
    argv.addAll(List.of("-L", sizeBytes + "b", "-n", name));
    argv.addAll(tagArgs(tags));
    argv.add(volumeGroup);
    tools.run(Command.of(argv));
  }

  @Override
  public void createThin(String name, long sizeBytes, String pool, Set<String> tags)
      throws StorageException {
    List<String> argv = new ArrayList<>(List.of("lvcreate", "--yes", "-V", sizeBytes + "b"));
    argv.addAll(List.of("--thinpool", volumeGroup + "/" + pool, "-n", name));
    argv.addAll(tagArgs(tags));
    tools.run(Command.of(argv));
  }

  @Override
  public void createSnapshot(String origin, String name, long cowBytes, Set<String> tags)
      throws StorageException {
    LvKind kind =
        report()
            .lv(origin)
            .map(LogicalVolume::kind)
            .orElseThrow(
                () ->
                    StorageException.refused(
                        ErrorCode.NOT_FOUND, "no LV " + volumeGroup + "/" + origin));
    List<String> argv = new ArrayList<>(List.of("lvcreate", "--yes", "--snapshot"));
    if (kind == LvKind.THIN) {
      // Thin snapshots skip activation by default; a volume made from one must open it.
      argv.addAll(List.of("--setactivationskip", "n"));
    } else {
      argv.addAll(List.of("-L", cowBytes + "b"));
    }
    argv.addAll(List.of("-n", name));
    argv.addAll(tagArgs(tags));
    argv.add(volumeGroup + "/" + origin);
    tools.run(Command.of(argv));
  }

  @Override
  public void removeTag(String name, String tag) throws StorageException {
    tools.run(Command.of("lvchange", "--deltag", tag, volumeGroup + "/" + name));
  }

  @Override
  public void extend(String name, long sizeBytes) throws StorageException {

    tools.run(Command.of("lvextend", "-L", sizeBytes + "b", volumeGroup + "/" + name));
  }

  @Override
  public void remove(String name) throws StorageException {
    tools.run(Command.of("lvremove", "--yes", volumeGroup + "/" + name));
  }

  private static List<String> tagArgs(Set<String> tags) {
    List<String> args = new ArrayList<>();
    tags.stream().sorted().forEach(tag -> args.addAll(List.of("--addtag", tag)));
    return args;
  }

  /** What a failed LVM command's stderr means. */
  static ErrorCode classify(String stderr) {
    String text = stderr.toLowerCase(Locale.ROOT);
    if (text.contains("insufficient free space") || text.contains("insufficient suitable")) {
      return ErrorCode.NO_SPACE;
    }
    if (text.contains("in use")
        || text.contains("used by another device")
        || text.contains("is open")
        || text.contains("contains a filesystem in use")) {
      return ErrorCode.DEVICE_IN_USE;
    }
    if (text.contains("already exists")) {
      return ErrorCode.CONFLICT;
    }
    if (text.contains("not found") || text.contains("failed to find")) {
      return ErrorCode.NOT_FOUND;
    }
    return ErrorCode.COMMAND_FAILED;
  }
}
