package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LIO of a simulated host. A target's backstore holds its device open, which is what stops DRBD
 * demoting or an LV being removed while exported; a DRBD device can be exported only as Primary.
 */
final class SimTargets implements TargetTool {
  private final SimulatedHost host;
  private final Map<String, TargetSpec> targets = new LinkedHashMap<>();

  SimTargets(SimulatedHost host) {
    this.host = host;
  }

  /** The host loses power: LIO's configuration lived in the kernel and is gone. */
  void powerOff() {
    synchronized (host.network) {
      targets.clear();
    }
  }

  @Override
  public List<TargetSpec> list() {
    synchronized (host.network) {
      return new ArrayList<>(targets.values());
    }
  }

  @Override
  public void ensure(TargetSpec target) throws StorageException {
    List<String> command = List.of("targetcli", "<batch: backstore, target, lun, acls, portals>");
    synchronized (host.network) {
      host.faults().check(SimOperation.TARGET_ENSURE, command);
      TargetSpec existing = targets.get(target.iqn());
      if (existing != null && !existing.devicePath().equals(target.devicePath())) {
        throw SimLvm.failed(
            ErrorCode.CONFLICT,
            command,
            "target " + target.iqn() + " already exports " + existing.devicePath());
      }
      if (existing == null) {
        open(target.devicePath(), command, +1);
      }
      targets.put(target.iqn(), target);
    }
  }

  @Override
  public void remove(String iqn) throws StorageException {
    List<String> command = List.of("targetcli", "/iscsi", "delete", iqn);
    synchronized (host.network) {
      host.faults().check(SimOperation.TARGET_REMOVE, command);
      TargetSpec existing = targets.remove(iqn);
      if (existing != null) {
        open(existing.devicePath(), command, -1);
      }
    }
  }

  /**
   * An initiator's login as LIO decides it: the target must listen on the portal, have an ACL for
   * the initiator and, when it requires CHAP, be given exactly its credentials; refused with what
   * iscsiadm prints.
   */
  void login(String iqn, String portal, String initiator, DesiredExport.Chap credentials)
      throws StorageException {
    List<String> command = List.of("iscsiadm", "-m", "node", "-T", iqn, "-p", portal, "--login");
    synchronized (host.network) {
      TargetSpec target = targets.get(iqn);
      if (target == null || !target.portals().contains(portal)) {
        throw SimLvm.failed(
            ErrorCode.COMMAND_FAILED,
            command,
            "iscsiadm: initiator reported error (8 - connection timed out)");
      }
      boolean admitted =
          target.initiators().contains(initiator)
              && (target.chap() == null || target.chap().equals(credentials))
              && !TargetSpec.UNSETTLED.equals(target.chap());
      if (!admitted) {
        throw SimLvm.failed(
            ErrorCode.UNAUTHORIZED,
            command,
            "iscsiadm: initiator reported error (24 - iSCSI login failed due to authorization"
                + " failure)");
      }
    }
  }

  private void open(String devicePath, List<String> command, int delta) throws StorageException {
    if (devicePath.startsWith("/dev/drbd")) {
      SimDrbdResource resource =
          host.simDrbd().byMinor(Integer.parseInt(devicePath.substring("/dev/drbd".length())));
      if (resource == null) {
        throw missing(devicePath, command);
      }
      if (delta > 0 && resource.role != Role.PRIMARY) {
        throw SimLvm.failed(
            ErrorCode.STATE_CHANGE_REFUSED,
            command,
            "Could not open " + devicePath + ": Wrong medium type (DRBD Secondary)");
      }
      resource.openers += delta;
      return;
    }
    SimLv lv = host.lvs.get(devicePath.substring(devicePath.lastIndexOf('/') + 1));
    if (lv == null || !devicePath.equals("/dev/" + host.volumeGroup + "/" + lv.name)) {
      throw missing(devicePath, command);
    }
    lv.openers += delta;
  }

  private static StorageException missing(String devicePath, List<String> command) {
    return SimLvm.failed(
        ErrorCode.COMMAND_FAILED, command, "Could not open " + devicePath + ": No such device");
  }
}
