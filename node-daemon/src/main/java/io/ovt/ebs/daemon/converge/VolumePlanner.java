package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DesiredDrbd;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides the next actions that take one volume from what the host has to what is desired. Pure:
 * the same inputs give the same plan. It plans one phase at a time (e.g. bring DRBD up, then decide
 * the role from the state that results), and returns an empty plan when the volume has converged or
 * waits on something outside this host, such as the peer connecting.
 */
public final class VolumePlanner {
  private final HostLayout layout;
  private final SourcePlanner sources;

  public VolumePlanner(HostLayout layout) {
    this.layout = layout;
    this.sources = new SourcePlanner(layout);
  }

  /** The next actions for a volume without an initialisation under way. */
  public List<Action> plan(DesiredVolume desired, VolumeView seen) throws StorageException {
    return plan(desired, seen, InitProgress.NONE);
  }

  /**
   * The next actions for a volume that may be fenced: a fenced volume leaves the fence first (see
   * {@link FencePlanner}), the others plan as usual.
   *
   * @param fence the volume's fencing state
   * @param leaseValid whether the node's fencing lease lets a fenced primary serve again
   */
  public List<Action> plan(
      DesiredVolume desired,
      VolumeView seen,
      InitProgress init,
      FenceView.State fence,
      boolean leaseValid)
      throws StorageException {
    refuseExportsOnASecondary(desired);
    Optional<List<Action>> leaving = FencePlanner.plan(desired, seen, fence, leaseValid);
    return leaving.isPresent() ? leaving.get() : plan(desired, seen, init);
  }

  /**
   * The next actions, or a refusal when the desired state must not be reached from here.
   *
   * @param init what the daemon's copy into this volume's LV is doing
   */
  public List<Action> plan(DesiredVolume desired, VolumeView seen, InitProgress init)
      throws StorageException {
    List<Action> actions = new ArrayList<>();
    String name = desired.name();
    refuseExportsOnASecondary(desired);
    Set<String> wanted =
        desired.exports().stream().map(DesiredExport::targetIqn).collect(Collectors.toSet());
    for (TargetSpec target : seen.targets()) {
      if (!wanted.contains(target.iqn())) {
        actions.add(new Action.RemoveTarget(target.iqn()));
      }
    }
    boolean lvReady = planLv(desired, seen, init, actions);
    if (!lvReady) {
      return actions;
    }
    DesiredDrbd drbd = desired.drbd();
    if (drbd != null) {
      if (!planDrbd(desired, seen, actions)) {
        return actions;
      }
    } else if (seen.config() != null || seen.drbd() != null) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name + " has a DRBD resource here; turning replication off is a retype, not a PUT");
    }
    String device = drbd == null ? layout.lvPath(name) : "/dev/drbd" + drbd.minor();
    boolean canExport = drbd == null || isUpToDatePrimary(seen.drbd());
    for (DesiredExport export : desired.exports()) {
      TargetSpec target =
          new TargetSpec(
              export.targetIqn(),
              name,
              device,
              export.lun(),
              export.initiators(),
              export.portals(),
              export.chap());
      if (canExport && !seen.targets().contains(target)) {
        actions.add(new Action.EnsureTarget(target));
      } else if (canExport && seen.outdatedLunSizes().contains(target.iqn())) {
        actions.add(new Action.RefreshLunSize(target.iqn()));
      }
    }
    return actions;
  }

  private static void refuseExportsOnASecondary(DesiredVolume desired) throws StorageException {
    if (desired.drbd() != null
        && desired.drbd().role() == Role.SECONDARY
        && !desired.exports().isEmpty()) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST, desired.name() + ": only the primary replica can be exported");
    }
  }

  /** Plans the LV; returns true when it exists as desired (or is being grown in this plan). */
  private boolean planLv(
      DesiredVolume desired, VolumeView seen, InitProgress init, List<Action> actions)
      throws StorageException {
    String name = desired.name();
    LogicalVolume lv = seen.lv();
    // A replicated LV also holds DRBD's metadata, so its device is at least the size asked.
    long wantedBytes = DrbdConfigs.lvBytes(desired);
    if (lv == null) {
      if (desired.provisioning() == Provisioning.THIN && layout.thinPool() == null) {
        throw StorageException.refused(
            ErrorCode.INVALID_REQUEST,
            name + ": thin volume asked, but this node has no thin pool");
      }
      if (desired.source() != null) {
        actions.add(sources.create(desired, seen.source()));
        return false;
      }
      actions.add(
          new Action.CreateLv(
              name, wantedBytes, desired.provisioning(), layout.thinPool(), createTags(desired)));
      return false;
    }
    if (!lv.hasTag(layout.projectTag())) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          "an LV named "
              + name
              + " exists without the tag "
              + layout.projectTag()
              + "; EBS never touches an LV it did not create");
    }
    Provisioning actual = lv.kind() == LvKind.THIN ? Provisioning.THIN : Provisioning.THICK;
    if (actual != desired.provisioning()) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name
              + " is "
              + actual
              + " here, desired "
              + desired.provisioning()
              + "; changing it is a retype (a copy), not a PUT");
    }
    if (lv.hasTag(layout.initTag())) {
      sources.initialize(desired, lv, seen.source(), init, actions);
      return false;
    }
    // An LV that was replicated keeps the room DRBD's metadata took: not a shrink to undo.
    boolean wasReplicated =
        desired.drbd() == null && lv.sizeBytes() <= DrbdConfigs.lvBytesFor(desired.sizeBytes());
    if (wantedBytes < lv.sizeBytes() && !wasReplicated) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name
              + " is "
              + lv.sizeBytes()
              + " bytes; shrinking to "
              + desired.sizeBytes()
              + " would destroy data and is refused");
    }
    if (wantedBytes > lv.sizeBytes()) {
      refuseGrowingASnapshotOrigin(name, seen);
      actions.add(new Action.ExtendLv(name, wantedBytes));
    }
    return true;
  }

  /**
   * LVM extends an active origin of classic (copy-on-write) snapshots only when deactivated, which
   * a volume in use cannot be; refusing here keeps the volume whole instead of failing half-way.
   */
  private static void refuseGrowingASnapshotOrigin(String name, VolumeView seen)
      throws StorageException {
    // Classic snapshots of it, and the temporary ones a running copy from it reads.
    List<String> cow =
        java.util.stream.Stream.concat(
                seen.snapshots().stream()
                    .map(VolumeView.SnapshotLv::lv)
                    .filter(s -> s.kind() == LvKind.SNAPSHOT)
                    .map(LogicalVolume::name),
                seen.dependents().stream())
            .sorted()
            .toList();
    if (seen.lv().kind() == LvKind.THICK && !cow.isEmpty()) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name
              + " cannot grow while it has snapshots ("
              + String.join(", ", cow)
              + "): LVM resizes the origin of a thick snapshot only while it is inactive;"
              + " delete the snapshots first");
    }
  }

  /** Plans DRBD; returns true when the resource is up in its desired role. */
  private boolean planDrbd(DesiredVolume desired, VolumeView seen, List<Action> actions)
      throws StorageException {
    String name = desired.name();
    DesiredDrbd drbd = desired.drbd();
    DrbdResourceConfig config = DrbdConfigs.from(desired, layout);
    DrbdResourceStatus state = seen.drbd();
    if (!config.equals(seen.config())) {
      actions.add(new Action.WriteDrbdConfig(config));
      if (state != null) {
        actions.add(new Action.DrbdAdjust(name, seen.config()));
      }
    }
    if (state == null) {
      actions.add(new Action.EnsureMetadata(name));
      actions.add(new Action.DrbdUp(name));
      return false;
    }
    // StandAlone (a split brain, or a peer that left a fence while both were primary) connects
    // again unless an adjust does it: DRBD repeats the handshake, so a peer rejoining with
    // --discard-my-data resyncs, and a split brain nobody resolved disconnects again, discarding
    // nothing.
    if (state.connection() == ConnectionState.StandAlone && config.equals(seen.config())) {
      actions.add(new Action.DrbdConnect(name, false));
    }
    if (state.role() == Role.PRIMARY && drbd.role() == Role.SECONDARY) {
      actions.add(new Action.Demote(name));
      return false;
    }
    if (state.role() == Role.SECONDARY && drbd.role() == Role.PRIMARY) {
      return planPromotion(desired, seen, actions);
    }
    if (seen.lv().hasTag(layout.zeroedTag()) && state.disk() == DiskState.UpToDate) {
      actions.add(new Action.RemoveTag(name, layout.zeroedTag()));
    }
    // The primary grows the device; the operator grows the secondary's LV first, and DRBD keeps
    // the smaller of the two sides until both have grown. Not during a resync: DRBD refuses it.
    if (state.role() == Role.PRIMARY
        && state.connection() == ConnectionState.Connected
        && state.replication() == ReplicationState.Established
        && DrbdConfigs.needsResize(seen.lv().sizeBytes(), state.sizeBytes())) {
      actions.add(new Action.DrbdResize(name));
    }
    return true;
  }

  private boolean planPromotion(DesiredVolume desired, VolumeView seen, List<Action> actions)
      throws StorageException {
    String name = desired.name();
    DrbdResourceStatus state = seen.drbd();
    if (state.disk() == DiskState.UpToDate) {
      actions.add(new Action.Promote(name));
      return false;
    }
    boolean peerHasData =
        state.peerDisk() == DiskState.UpToDate
            || state.peerDisk() == DiskState.Consistent
            || state.peerDisk() == DiskState.Outdated;
    InitialSync initial = desired.drbd().initialSync();
    if (state.disk() != DiskState.Inconsistent || peerHasData || initial == null) {
      throw StorageException.refused(
          ErrorCode.STATE_CHANGE_REFUSED,
          name
              + ": this replica is "
              + state.disk()
              + " and its peer "
              + state.peerDisk()
              + "; promoting it could serve stale data, so it is refused");
    }
    if (initial == InitialSync.ZEROED && provablyZero(seen.lv())) {
      if (state.connection() == ConnectionState.Connected) {
        actions.add(new Action.SkipInitialSync(name));
      }
      // Not connected yet: wait for the peer rather than force a full sync.
      return false;
    }
    actions.add(new Action.ForcePromoteNew(name));
    return false;
  }

  /**
   * A thin LV for a new replicated volume that may skip its first sync is marked as never written;
   * the mark goes as soon as DRBD holds data on it.
   */
  private Set<String> createTags(DesiredVolume desired) {
    boolean zeroed =
        desired.provisioning() == Provisioning.THIN
            && desired.drbd() != null
            && desired.drbd().initialSync() == InitialSync.ZEROED;
    return zeroed ? Set.of(layout.projectTag(), layout.zeroedTag()) : Set.of(layout.projectTag());
  }

  private boolean provablyZero(LogicalVolume lv) {
    return lv.kind() == LvKind.THIN && lv.hasTag(layout.zeroedTag());
  }

  private static boolean isUpToDatePrimary(DrbdResourceStatus state) {
    return state != null && state.role() == Role.PRIMARY && state.disk() == DiskState.UpToDate;
  }
}
