package io.ovt.ebs.operator.failover;

import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ObservedVolume;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether one volume's standby replica may be promoted while its primary does not answer (DESIGN
 * §6): the primary's fencing lease has surely run out, the standby's DRBD has lost the primary as
 * peer, the standby's disk is UpToDate, and the primary never reported fencing it. Pure.
 */
public final class PromotionSafety {
  private PromotionSafety() {}

  /** The verdict on one volume. */
  public sealed interface Verdict {
    /** Why, for the volume's Switchover condition. */
    String message();
  }

  /** Promote the standby. */
  public record Promote(String message) implements Verdict {}

  /** Not yet: a condition that will change by itself (the lease, DRBD's peer detection). */
  public record Wait(String message) implements Verdict {}

  /** Never automatically: the standby may miss acknowledged writes. */
  public record Refuse(String message) implements Verdict {}

  /**
   * Judges the promotion of {@code standby} for a volume whose primary {@code primary} is silent.
   *
   * @param primaryLeaseLeft time until the primary's lease has surely run out
   * @param standbySeen the volume as the standby reports it; empty when the standby has no trace
   * @param outdatedSince when the primary fenced the standby's replica, or null if it never did
   */
  public static Verdict judge(
      String primary,
      String standby,
      Duration primaryLeaseLeft,
      Optional<ObservedVolume> standbySeen,
      String outdatedSince) {
    if (outdatedSince != null) {
      return new Refuse(
          "the replica on "
              + standby
              + " may be outdated: "
              + primary
              + " fenced it at "
              + outdatedSince
              + " and went on writing; it is not promoted automatically. Bring "
              + primary
              + " back so it resyncs, or accept losing those writes and promote by hand");
    }
    if (!primaryLeaseLeft.isZero()) {
      return new Wait(
          primary
              + " does not answer; "
              + standby
              + " is promoted once "
              + primary
              + "'s fencing lease has run out (in "
              + primaryLeaseLeft.toMillis()
              + " ms)");
    }
    if (standbySeen.isEmpty() || standbySeen.get().drbd() == null) {
      return new Wait(standby + " has no DRBD resource for the volume");
    }
    ObservedVolume.ObservedDrbd drbd = standbySeen.get().drbd();
    if (drbd.connection() == ConnectionState.Connected) {
      return new Wait(
          standby
              + " is still connected to "
              + primary
              + " over DRBD: "
              + primary
              + " is alive, only the operator cannot reach it");
    }
    if (drbd.disk() != DiskState.UpToDate) {
      return new Refuse(
          "the replica on "
              + standby
              + " is "
              + drbd.disk()
              + ", not UpToDate: promoting it would lose data");
    }
    return new Promote(
        primary + " is lost (lease run out, DRBD peer lost); " + standby + " is UpToDate");
  }
}
