package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The targetcli commands that take LIO from what it has to one desired target: only the difference,
 * so converging twice runs nothing. Pure.
 */
final class LioBatch {
  private LioBatch() {}

  /**
   * The batch for a target, or an empty string when it is already as desired.
   *
   * @param existing the target as configfs shows it, or null
   * @param existingStoreDevice the device of a block backstore of the desired name, or null
   */
  static String ensure(TargetSpec desired, TargetSpec existing, String existingStoreDevice)
      throws StorageException {
    List<String> lines = new ArrayList<>();
    String tpg = "/iscsi/" + desired.iqn() + "/tpg1";
    if (existing != null && !existing.devicePath().equals(desired.devicePath())) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          desired.iqn()
              + " exports "
              + existing.devicePath()
              + ", not "
              + desired.devicePath()
              + "; a live target's device is never swapped");
    }
    if (existingStoreDevice != null && !existingStoreDevice.equals(desired.devicePath())) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          "backstore "
              + desired.backstore()
              + " opens "
              + existingStoreDevice
              + ", not "
              + desired.devicePath());
    }
    if (existingStoreDevice == null) {
      lines.add(
          "/backstores/block create name=" + desired.backstore() + " dev=" + desired.devicePath());
    }
    if (existing == null) {
      lines.add("/iscsi create " + desired.iqn());
      lines.add(
          tpg + "/luns create /backstores/block/" + desired.backstore() + " lun=" + desired.lun());
    }
    List<String> portalsNow = existing == null ? List.of() : existing.portals();
    for (String portal : portalsNow) {
      if (!desired.portals().contains(portal)) {
        lines.add(tpg + "/portals delete " + ip(portal) + " " + port(portal));
      }
    }
    for (String portal : desired.portals()) {
      if (!portalsNow.contains(portal)) {
        lines.add(tpg + "/portals create " + ip(portal) + " " + port(portal));
      }
    }
    List<String> aclsNow = existing == null ? List.of() : existing.initiators();
    for (String acl : aclsNow) {
      if (!desired.initiators().contains(acl)) {
        lines.add(tpg + "/acls delete " + acl);
      }
    }
    for (String acl : desired.initiators()) {
      if (!aclsNow.contains(acl)) {
        lines.add(tpg + "/acls create " + acl);
      }
    }
    chap(desired, existing, aclsNow, lines);
    if (lines.isEmpty()) {
      return "";
    }
    // No default 0.0.0.0 portal: a volume is reachable only on the portals asked for.
    lines.add(0, "/ set global auto_add_default_portal=false");
    lines.add("exit");
    return String.join("\n", lines) + "\n";
  }

  /**
   * One-way CHAP as Cinder's LIO helper sets it: the credentials on every ACL, then the TPG's
   * {@code authentication} attribute on, so no ACL is ever required to authenticate without
   * credentials; dropping CHAP turns the attribute off first, then clears the credentials.
   */
  private static void chap(
      TargetSpec desired, TargetSpec existing, List<String> aclsNow, List<String> lines) {
    String tpg = "/iscsi/" + desired.iqn() + "/tpg1";
    DesiredExport.Chap chap = desired.chap();
    DesiredExport.Chap chapNow = existing == null ? null : existing.chap();
    if (chap != null) {
      boolean same = chap.equals(chapNow);
      for (String acl : desired.initiators()) {
        if (!same || !aclsNow.contains(acl)) {
          lines.add(
              tpg
                  + "/acls/"
                  + acl
                  + " set auth userid="
                  + chap.username()
                  + " password="
                  + chap.password());
        }
      }
      if (!same) {
        lines.add(tpg + " set attribute authentication=1");
      }
    } else if (chapNow != null) {
      lines.add(tpg + " set attribute authentication=0");
      for (String acl : desired.initiators()) {
        if (aclsNow.contains(acl)) {
          // Empty values, each alone at the end of its line (targetcli would take a following
          // "password=" as the value): rtslib writes them as NULL, which LIO reads as unset.
          lines.add(tpg + "/acls/" + acl + " set auth userid=");
          lines.add(tpg + "/acls/" + acl + " set auth password=");
        }
      }
    } else if (existing == null) {
      // Explicit, whatever the TPG's default: a target without CHAP admits its ACLs without it.
      lines.add(tpg + " set attribute authentication=0");
    }
  }

  /** The batch that removes a target and its backstore. */
  static String remove(TargetSpec existing) {
    return "/iscsi delete "
        + existing.iqn()
        + "\n"
        + "/backstores/block delete "
        + existing.backstore()
        + "\n"
        + "exit\n";
  }

  private static String ip(String portal) {
    return portal.substring(0, portal.lastIndexOf(':'));
  }

  private static String port(String portal) {
    return portal.substring(portal.lastIndexOf(':') + 1);
  }
}
