package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.host.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads LIO's iSCSI targets straight from configfs, as rtslib does: no command, no Python start-up
 * (a {@code targetcli ls} costs seconds on a small host), and exactly what the kernel has.
 */
final class LioConfigfs {
  private final Path target;

  /**
   * @param target LIO's configfs root, {@code /sys/kernel/config/target}
   */
  LioConfigfs(Path target) {
    this.target = target;
  }

  /** Every iSCSI target with the backstore of its first LUN, its ACLs and portals. */
  List<TargetSpec> targets() throws IOException {
    Path iscsi = target.resolve("iscsi");
    List<TargetSpec> all = new ArrayList<>();
    if (!Files.isDirectory(iscsi)) {
      return all;
    }
    for (Path wwn : children(iscsi)) {
      String iqn = wwn.getFileName().toString();
      if (!iqn.startsWith("iqn.") && !iqn.startsWith("eui.")) {
        continue; // discovery_auth and other attribute folders
      }
      Path tpg = wwn.resolve("tpgt_1");
      Lun lun = firstLun(tpg.resolve("lun"));
      if (lun == null) {
        continue; // a target without a LUN exports nothing; the planner recreates it
      }
      all.add(
          new TargetSpec(
              iqn,
              lun.backstore(),
              lun.device(),
              lun.number(),
              names(tpg.resolve("acls")),
              names(tpg.resolve("np"))));
    }
    return all;
  }

  /** A block backstore and the device it opens. */
  record BlockStore(String name, String device) {}

  /** Every block backstore. */
  List<BlockStore> blockBackstores() throws IOException {
    List<BlockStore> all = new ArrayList<>();
    Path core = target.resolve("core");
    if (!Files.isDirectory(core)) {
      return all;
    }
    for (Path hba : children(core)) {
      if (!hba.getFileName().toString().startsWith("iblock_")) {
        continue;
      }
      for (Path store : children(hba)) {
        if (Files.isRegularFile(store.resolve("udev_path"))) {
          String device = Files.readString(store.resolve("udev_path")).strip();
          all.add(new BlockStore(store.getFileName().toString(), device));
        }
      }
    }
    return all;
  }

  private record Lun(int number, String backstore, String device) {}

  private Lun firstLun(Path luns) throws IOException {
    if (!Files.isDirectory(luns)) {
      return null;
    }
    for (Path lun : children(luns)) {
      String dir = lun.getFileName().toString();
      if (!dir.startsWith("lun_")) {
        continue;
      }
      for (Path entry : children(lun)) {
        if (Files.isSymbolicLink(entry)) {
          Path store = lun.resolve(Files.readSymbolicLink(entry)).normalize();
          String device = Files.readString(store.resolve("udev_path")).strip();
          return new Lun(
              Integer.parseInt(dir.substring(4)), store.getFileName().toString(), device);
        }
      }
    }
    return null;
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    return children(dir).stream()
        .filter(Files::isDirectory)
        .map(p -> p.getFileName().toString())
        .sorted()
        .toList();
  }

  private static List<Path> children(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    }
  }
}
