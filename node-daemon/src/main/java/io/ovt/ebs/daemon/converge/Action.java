package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.Provisioning;
import java.util.Set;

/** One step the planner decided; applying it runs the matching storage operation. */
public sealed interface Action {

  /** Runs the step on the host. */
  void apply(StorageHost host) throws StorageException;

  /** Creates the volume's LV with the project tag. */
  record CreateLv(
      String name, long sizeBytes, Provisioning provisioning, String thinPool, Set<String> tags)
      implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      if (provisioning == Provisioning.THIN) {
        host.lvm().createThin(name, sizeBytes, thinPool, tags);
      } else {
        host.lvm().createThick(name, sizeBytes, tags);
      }
    }
  }

  /** Drops a tag, e.g. the mark of a thin LV that was never written, once DRBD holds data. */
  record RemoveTag(String name, String tag) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.lvm().removeTag(name, tag);
    }
  }

  /** Grows the LV. */
  record ExtendLv(String name, long sizeBytes) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.lvm().extend(name, sizeBytes);
    }
  }

  /** Removes the LV (the planner checked its tag). */
  record RemoveLv(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.lvm().remove(name);
    }
  }

  /** Writes the DRBD resource file. */
  record WriteDrbdConfig(DrbdResourceConfig config) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().writeConfig(config);
    }
  }

  /** Removes the DRBD resource file. */
  record RemoveDrbdConfig(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().removeConfig(name);
    }
  }

  /** Writes DRBD metadata on the LV unless it has some. */
  record EnsureMetadata(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().ensureMetadata(name);
    }
  }

  /** Brings the resource up. */
  record DrbdUp(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().up(name);
    }
  }

  /** Applies a changed configuration to a resource that is up. */
  record DrbdAdjust(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().adjust(name);
    }
  }

  /** Takes the resource down. */
  record DrbdDown(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().down(name);
    }
  }

  /** Promotes a replica that holds up-to-date data. */
  record Promote(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().primary(name, false);
    }
  }

  /**
   * Forces the first promotion of a new volume, which starts its full initial sync. Checked once
   * more against the metadata right before running, because forcing a replica that ever held data
   * would overwrite its peer.
   */
  record ForcePromoteNew(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      if (!host.drbd().hasFreshMetadata(name)) {
        throw StorageException.refused(
            ErrorCode.STATE_CHANGE_REFUSED,
            name + ": refusing to force a promotion: this replica has held data before");
      }
      host.drbd().primary(name, true);
    }
  }

  /** Demotes a replica. */
  record Demote(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().secondary(name);
    }
  }

  /** Declares two new, zeroed replicas equal without copying. */
  record SkipInitialSync(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().skipInitialSync(name);
    }
  }

  /** Grows the DRBD device to its grown LVs. */
  record DrbdResize(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().resize(name);
    }
  }

  /** Creates or updates a target. */
  record EnsureTarget(TargetSpec target) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.targets().ensure(target);
    }
  }

  /** Makes a target's LUN show its device's grown size. */
  record RefreshLunSize(String iqn) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.targets().refreshLunSize(iqn);
    }
  }

  /** Removes a target. */
  record RemoveTarget(String iqn) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.targets().remove(iqn);
    }
  }
}
