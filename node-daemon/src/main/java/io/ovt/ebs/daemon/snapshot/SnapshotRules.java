package io.ovt.ebs.daemon.snapshot;

import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.converge.VolumeView;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.util.Optional;

/** Pure decisions on whether a replica may be snapshotted now, and when its data has settled. */
public final class SnapshotRules {
  private SnapshotRules() {}

  /**
   * Why a snapshot cannot be taken.
   *
   * @param code the node API error
   * @param message what a person can act on
   */
  public record Refusal(ErrorCode code, String message) {}

  /** Why a snapshot of the volume cannot be taken on this node now; empty when it can. */
  public static Optional<Refusal> refusal(VolumeView seen, HostLayout layout) {
    String name = seen.name();
    if (seen.lv() == null || !seen.lv().hasTag(layout.projectTag())) {
      return Optional.of(new Refusal(ErrorCode.NOT_FOUND, "no volume " + name + " on this node"));
    }
    DrbdResourceStatus drbd = seen.drbd();
    if (seen.config() != null && drbd == null) {
      return refused(name + "'s DRBD resource is down here; its data may be behind the peer's");
    }
    if (drbd == null) {
      return Optional.empty();
    }
    if (drbd.disk() != DiskState.UpToDate) {
      return refused(
          name + "'s data here is " + drbd.disk() + ", not UpToDate; a snapshot would not match");
    }
    if (drbd.role() == Role.SECONDARY) {
      if (drbd.connection() != ConnectionState.Connected) {
        return refused(
            name
                + "'s replica here is not connected to its primary ("
                + drbd.connection()
                + "); it may miss the latest writes, so snapshot the primary alone");
      }
      if (drbd.replication() != ReplicationState.Established) {
        return refused(name + " is resynchronising (" + drbd.replication() + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * True when no write DRBD accepted can still change this replica's LV: on a primary nothing is
   * pending for the application, the peer or the local disk; on a secondary every write received
   * from the primary is on the local disk. Unknown counters never count as settled.
   */
  public static boolean settled(DrbdResourceStatus drbd) {
    DrbdResourceStatus.InFlight f = drbd.inFlight();
    if (f == null) {
      return false;
    }
    return drbd.role() == Role.PRIMARY
        ? f.application() == 0 && f.peerPending() == 0 && f.local() == 0
        : f.local() == 0 && f.unacked() == 0;
  }

  private static Optional<Refusal> refused(String message) {
    return Optional.of(new Refusal(ErrorCode.STATE_CHANGE_REFUSED, message));
  }
}
