package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.DesiredExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
      List<String> acls = names(tpg.resolve("acls"));
      all.add(
          new TargetSpec(
              iqn,
              lun.backstore(),
              lun.device(),
              lun.number(),
              acls,
              names(tpg.resolve("np")),
              chap(tpg, acls)));
    }
    return all;
  }

  /**
   * The CHAP the target requires: its TPG's {@code attrib/authentication} and each ACL's {@code
   * auth/userid} and {@code auth/password} (readable by root only). One set of credentials on every
   * ACL with authentication on is CHAP; no credentials with it off is none; anything else is {@link
   * TargetSpec#UNSETTLED}.
   */
  private static DesiredExport.Chap chap(Path tpg, List<String> acls) throws IOException {
    boolean required = "1".equals(read(tpg.resolve("attrib/authentication")));
    Set<DesiredExport.Chap> credentials = new HashSet<>();
    boolean someWithout = false;
    boolean someLeft = false;
    for (String acl : acls) {
      Path auth = tpg.resolve("acls").resolve(acl).resolve("auth");
      String user = unsetIfNull(read(auth.resolve("userid")));
      String password = unsetIfNull(read(auth.resolve("password")));
      someLeft |= !user.isEmpty() || !password.isEmpty();
      if (user.isEmpty() || password.isEmpty()) {
        someWithout = true;
      } else {
        credentials.add(new DesiredExport.Chap(user, password));
      }
    }
    if (!required) {
      // Credentials left on an ACL are harmless with authentication off, but dropping CHAP
      // means clearing them too.
      return someLeft ? TargetSpec.UNSETTLED : null;
    }
    return credentials.size() == 1 && !someWithout
        ? credentials.iterator().next()
        : TargetSpec.UNSETTLED;
  }

  /** LIO shows an unset value as an empty line, or as NULL once rtslib has cleared it. */
  private static String unsetIfNull(String value) {
    return value.startsWith("NULL") ? "" : value;
  }

  /** A configfs attribute without its newline; empty when the file does not exist. */
  private static String read(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file).strip() : "";
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
