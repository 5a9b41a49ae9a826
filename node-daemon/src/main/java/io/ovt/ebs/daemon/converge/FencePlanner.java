package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans how a fenced volume leaves the fence; the PUT that comes next decides. Pure.
 *
 * <ul>
 *   <li>Desired SECONDARY: the peer was promoted meanwhile, so nothing this node still holds may be
 *       acknowledged. The disk goes first ({@code detach --force}), then the held I/O is released
 *       and fails; exports go, the resource is demoted, and it rejoins as the split brain's victim
 *       ({@code connect --discard-my-data}) to resync from the peer.
 *   <li>Desired PRIMARY while the lease is valid again: no failover happened; the held I/O is
 *       released and lands, and the volume serves on. Without a valid lease it stays held.
 * </ul>
 */
public final class FencePlanner {
  private FencePlanner() {}

  /**
   * The actions for a volume in fencing state {@code state}, replacing the usual plan; empty when
   * the volume plans as usual.
   *
   * @param leaseValid whether the lease was renewed and is not about to end (or was never armed)
   */
  public static Optional<List<Action>> plan(
      DesiredVolume desired, VolumeView seen, FenceView.State state, boolean leaseValid)
      throws StorageException {
    String name = desired.name();
    DrbdResourceStatus drbd = seen.drbd();
    if (state == FenceView.State.NONE) {
      return Optional.empty();
    }
    if (drbd == null) {
      // The resource went down (by hand): nothing is held any more.
      return Optional.of(List.of(new Action.LeaveFence(name, FenceView.State.NONE)));
    }
    Role wanted = desired.drbd() == null ? null : desired.drbd().role();
    return Optional.of(
        state == FenceView.State.HELD
            ? leaveHeld(name, drbd, wanted, leaseValid)
            : rejoin(name, seen, drbd, wanted));
  }

  private static List<Action> leaveHeld(
      String name, DrbdResourceStatus drbd, Role wanted, boolean leaseValid)
      throws StorageException {
    List<Action> actions = new ArrayList<>();
    if (drbd.role() != Role.PRIMARY) {
      // Demoted meanwhile: a secondary takes no writes, holding it protects nothing.
      resumeIfHeld(name, drbd, actions);
      actions.add(new Action.LeaveFence(name, FenceView.State.NONE));
      return actions;
    }
    if (wanted == Role.SECONDARY) {
      actions.add(new Action.ForceDetach(name));
      resumeIfHeld(name, drbd, actions);
      actions.add(new Action.LeaveFence(name, FenceView.State.REJOINING));
      return actions;
    }
    if (wanted == Role.PRIMARY && leaseValid) {
      resumeIfHeld(name, drbd, actions);
      actions.add(new Action.LeaveFence(name, FenceView.State.NONE));
      return actions;
    }
    throw StorageException.refused(
        ErrorCode.STATE_CHANGE_REFUSED,
        name
            + " is fenced: this node lost its lease and its DRBD peer, and holds its I/O. Renew the"
            + " lease (PUT /v1/lease) and ask for PRIMARY to serve it again, or ask for SECONDARY"
            + " if the peer was promoted: the held writes then fail");
  }

  /** After giving its data up: exports go, it is demoted, then it rejoins discarding its data. */
  private static List<Action> rejoin(
      String name, VolumeView seen, DrbdResourceStatus drbd, Role wanted) throws StorageException {
    if (wanted == Role.PRIMARY) {
      throw StorageException.refused(
          ErrorCode.STATE_CHANGE_REFUSED,
          name
              + " gave its data up when it left the fence (its peer was promoted); it rejoins as a"
              + " SECONDARY and may be promoted once it has resynced");
    }
    List<Action> actions = new ArrayList<>();
    if (drbd.role() == Role.PRIMARY) {
      for (TargetSpec target : seen.targets()) {
        actions.add(new Action.RemoveTarget(target.iqn()));
      }
      actions.add(new Action.Demote(name));
      return actions;
    }
    // StandAlone first: attaching while connected would run the handshake without the discard.
    if (drbd.connection() != ConnectionState.StandAlone) {
      actions.add(new Action.DrbdDisconnect(name));
    }
    if (drbd.disk() == DiskState.Diskless) {
      actions.add(new Action.DrbdAttach(name));
    }
    actions.add(new Action.DrbdConnect(name, true));
    actions.add(new Action.LeaveFence(name, FenceView.State.NONE));
    return actions;
  }

  private static void resumeIfHeld(String name, DrbdResourceStatus drbd, List<Action> actions) {
    if (drbd.ioSuspended()) {
      actions.add(new Action.ResumeIo(name));
    }
  }
}
