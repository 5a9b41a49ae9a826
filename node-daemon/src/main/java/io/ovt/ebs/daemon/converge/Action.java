package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.Provisioning;
import java.util.List;
import java.util.Set;

/** One step the planner decided; applying it runs the matching storage operation. */
public sealed interface Action {

  /** Runs the step on the host. */
  void apply(StorageHost host) throws StorageException;

  /**
   * A step that puts a new LV's first data in place and may take minutes: the daemon runs it in the
   * background ({@link InitJobs}) and reports how far it got; {@link #apply} runs it in the
   * caller's thread.
   */
  non-sealed interface Background extends Action {
    /** The LV it fills. */
    String name();

    /** How many bytes it expects to move, until it knows better. */
    long totalBytes();

    /** Runs it, reporting bytes done (and the total, once known). */
    void run(StorageHost host, Progress progress) throws StorageException, InterruptedException;

    /** Whether another attempt may succeed after {@code failure}; if not, it is not retried. */
    default boolean retried(StorageException failure) {
      return true;
    }

    @Override
    default void apply(StorageHost host) throws StorageException {
      try {
        run(host, new Progress() {});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StorageException.refused(ErrorCode.INTERNAL, name() + ": initialisation interrupted");
      }
    }
  }

  /** Receives how far a background step got. */
  interface Progress {
    /** Bytes done so far. */
    default void done(long bytes) {}

    /** The total, when it turned out other than {@link Background#totalBytes()}. */
    default void total(long bytes) {}
  }

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

  /** Creates the volume's LV as a thin snapshot of a thin source LV (instant; shares blocks). */
  record CreateSnapshotLv(String origin, String name, Set<String> tags) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.lvm().createSnapshot(origin, name, 0, tags);
    }
  }

  /**
   * Ends a new LV's initialisation by dropping its init tag, and its source's tag unless the LV
   * still shares the source's blocks.
   */
  record FinishInit(String name, List<String> tags) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      for (String tag : tags) {
        host.lvm().removeTag(name, tag);
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

  /**
   * Applies a changed configuration to a resource that is up. When DRBD refuses it, the previous
   * file goes back ({@code previous}, when there was one): the record then says what the kernel
   * still runs, so the next PUT plans the change again and answers DRBD's refusal, rather than
   * taking the written file for the running state.
   */
  record DrbdAdjust(String name, DrbdResourceConfig previous) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      try {
        host.drbd().adjust(name);
      } catch (StorageException e) {
        if (previous != null) {
          host.drbd().writeConfig(previous);
        }
        throw e;
      }
    }
  }

  /**
   * Zeroes DRBD's internal metadata at the end of an LV whose resource is gone, so a later
   * replication starts from fresh metadata instead of this one's UUIDs and bitmap.
   */
  record WipeDrbdMetadata(String name, long lvBytes) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      try {
        host.blocks().zero(name, DrbdConfigs.usableBytes(lvBytes), lvBytes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StorageException.refused(ErrorCode.INTERNAL, name + ": wipe interrupted");
      }
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

  /**
   * Takes the disk away from a fenced primary at once ({@code detach --force}), so that the writes
   * its suspended I/O holds fail when released instead of landing on data the peer replaced.
   */
  record ForceDetach(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().detach(name, true);
    }
  }

  /** Releases held I/O ({@code drbdadm resume-io}). */
  record ResumeIo(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().resumeIo(name);
    }
  }

  /** Drops the resource's connection: StandAlone, so no handshake runs until it connects. */
  record DrbdDisconnect(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().disconnect(name);
    }
  }

  /** Gives a Diskless resource its LV again. */
  record DrbdAttach(String name) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().attach(name);
    }
  }

  /**
   * Connects a StandAlone resource; with {@code discardMyData} it becomes the sync target of a
   * split brain, giving up what it wrote alone.
   */
  record DrbdConnect(String name, boolean discardMyData) implements Action {
    @Override
    public void apply(StorageHost host) throws StorageException {
      host.drbd().connect(name, discardMyData);
    }
  }

  /**
   * Records that the volume's fencing moved on; runs no command (the converger records it once the
   * actions before it in the plan have run).
   */
  record LeaveFence(String name, FenceView.State next) implements Action {
    @Override
    public void apply(StorageHost host) {}
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
