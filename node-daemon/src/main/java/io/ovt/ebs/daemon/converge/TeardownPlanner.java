package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides how to remove every trace of a volume, refusing where removal could lose data in use: an
 * exported volume, a device held open by someone else, an LV without the project tag, an LV whose
 * snapshots or thin clones still need it ({@code lvremove --yes} would take classic snapshots with
 * it).
 */
public final class TeardownPlanner {
  private final HostLayout layout;

  public TeardownPlanner(HostLayout layout) {
    this.layout = layout;
  }

  /** The actions that remove the volume; empty when nothing is left. */
  public List<Action> plan(VolumeView seen) throws StorageException {
    String name = seen.name();
    if (!seen.targets().isEmpty()) {
      String exports =
          seen.targets().stream()
              .map(t -> t.iqn() + " to " + t.initiators())
              .collect(Collectors.joining(", "));
      throw StorageException.refused(
          ErrorCode.DEVICE_IN_USE,
          name + " is exported (" + exports + "); remove its exports before deleting it");
    }
    if (!seen.snapshots().isEmpty()) {
      throw StorageException.refused(
          ErrorCode.HAS_DEPENDENTS,
          name
              + " has snapshots ("
              + seen.snapshots().stream().map(s -> s.lv().name()).collect(Collectors.joining(", "))
              + "); delete them before the volume");
    }
    if (!seen.dependents().isEmpty()) {
      throw StorageException.refused(
          ErrorCode.HAS_DEPENDENTS,
          name
              + " is the source of "
              + String.join(", ", seen.dependents())
              + ", which still need it (thin clones share its blocks, copies read it); delete them"
              + " before it");
    }
    if (seen.lv() != null && !seen.lv().hasTag(layout.projectTag())) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          "the LV "
              + name
              + " does not carry the tag "
              + layout.projectTag()
              + "; EBS never removes an LV it did not create");
    }
    List<Action> actions = new ArrayList<>();
    if (seen.drbd() != null) {
      if (seen.drbd().open()) {
        throw StorageException.refused(
            ErrorCode.DEVICE_IN_USE, name + ": the DRBD device is held open; not removing it");
      }
      actions.add(new Action.DrbdDown(name));
    }
    if (seen.config() != null) {
      actions.add(new Action.RemoveDrbdConfig(name));
    }
    if (seen.lv() != null) {
      if (seen.lv().open() && seen.drbd() == null) {
        throw StorageException.refused(
            ErrorCode.DEVICE_IN_USE, name + ": the LV is held open; not removing it");
      }
      actions.add(new Action.RemoveLv(name));
    }
    return actions;
  }

  /**
   * The actions that turn replication off on this host, keeping the LV and its data: the DRBD
   * resource goes down, its metadata at the LV's end is wiped, its file goes; empty when none is
   * left. Only an UpToDate primary, not exported, may do it: its LV then holds the volume.
   */
  public List<Action> planReplicationOff(VolumeView seen) throws StorageException {
    String name = seen.name();
    if (seen.lv() == null || !seen.lv().hasTag(layout.projectTag())) {
      throw StorageException.refused(ErrorCode.NOT_FOUND, "no volume " + name + " on this node");
    }
    if (!seen.targets().isEmpty()) {
      throw StorageException.refused(
          ErrorCode.DEVICE_IN_USE,
          name
              + " is exported; remove its exports before turning replication off (the LUN's device"
              + " changes from the DRBD device to the LV)");
    }
    List<Action> actions = new ArrayList<>();
    DrbdResourceStatus drbd = seen.drbd();
    if (drbd != null) {
      if (drbd.role() != Role.PRIMARY || drbd.disk() != DiskState.UpToDate) {
        throw StorageException.refused(
            ErrorCode.CONFLICT,
            name
                + ": only an UpToDate primary keeps the volume when replication goes off; this"
                + " replica is "
                + drbd.role()
                + " and "
                + drbd.disk());
      }
      if (drbd.open()) {
        throw StorageException.refused(
            ErrorCode.DEVICE_IN_USE, name + ": the DRBD device is held open; not taking it down");
      }
      actions.add(new Action.DrbdDown(name));
    }
    if (seen.config() != null) {
      // Wiped before the file goes: a daemon stopped in between wipes again, never forgets to.
      actions.add(new Action.WipeDrbdMetadata(name, seen.lv().sizeBytes()));
      actions.add(new Action.RemoveDrbdConfig(name));
    }
    return actions;
  }
}
