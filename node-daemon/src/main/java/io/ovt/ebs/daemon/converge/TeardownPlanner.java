package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
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
}
