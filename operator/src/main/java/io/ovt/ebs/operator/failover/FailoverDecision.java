package io.ovt.ebs.operator.failover;

import java.time.Duration;
import java.util.List;

/**
 * Whether a pair fails over automatically from its active node to its standby, by the safety rules
 * of DESIGN §6: the operator has not heard from the active node for the failure threshold, the
 * active node's fencing lease has surely run out (so it has stopped serving any volume whose peer
 * it lost), and the standby answers and reports its DRBD peer lost on at least one volume. Volumes
 * whose standby replica is known to be outdated are never promoted; each volume is judged again by
 * {@link PromotionSafety} before it moves. Pure.
 */
public final class FailoverDecision {
  private FailoverDecision() {}

  /**
   * What the operator sees of a pair whose policy is automatic.
   *
   * @param active the active node's name
   * @param standby the standby node's name
   * @param activeSilentFor how long the active node has not answered
   * @param failureThreshold how long a silence counts as a lost node
   * @param activeLeaseLeft time until the active node's lease has surely run out
   * @param standbyAnswered whether the standby answered just now
   * @param volumes the pair's replicated volumes as the standby reports them
   */
  public record Inputs(
      String active,
      String standby,
      Duration activeSilentFor,
      Duration failureThreshold,
      Duration activeLeaseLeft,
      boolean standbyAnswered,
      List<StandbyReplica> volumes) {}

  /**
   * One volume's replica on the standby.
   *
   * @param volume the Volume's name
   * @param peerLost whether the standby's DRBD has lost its peer (the active node)
   * @param upToDate whether the standby's disk is UpToDate
   * @param knownOutdated whether the active node fenced this replica while it went on writing
   */
  public record StandbyReplica(
      String volume, boolean peerLost, boolean upToDate, boolean knownOutdated) {
    /** Whether this replica may take over. */
    boolean promotable() {
      return peerLost && upToDate && !knownOutdated;
    }
  }

  /** The outcome. */
  public sealed interface Decision {
    /** Why, in words a person can act on. */
    String message();
  }

  /** The active node is alive, or not yet long enough silent: nothing to do. */
  public record Stay(String message) implements Decision {}

  /** The active node looks lost but a safety rule still holds the failover back. */
  public record Wait(PolicyReason reason, String message) implements Decision {}

  /** Fail over to the standby now. */
  public record FailOver(String to, String message) implements Decision {}

  /** The decision for a pair. */
  public static Decision decide(Inputs in) {
    if (in.activeSilentFor().compareTo(in.failureThreshold()) < 0) {
      return new Stay(in.active() + " answers");
    }
    String silent = in.active() + " has not answered for " + seconds(in.activeSilentFor());
    if (!in.standbyAnswered()) {
      return new Wait(
          PolicyReason.StandbyUnreachable,
          silent + ", and the standby " + in.standby() + " does not answer either");
    }
    if (!in.activeLeaseLeft().isZero()) {
      return new Wait(
          PolicyReason.WaitingForLease,
          silent
              + "; failing over once its fencing lease has run out (in "
              + seconds(in.activeLeaseLeft())
              + ")");
    }
    if (in.volumes().isEmpty()) {
      return new FailOver(in.standby(), silent + " and its lease has run out; no volumes to move");
    }
    List<StandbyReplica> lost = in.volumes().stream().filter(StandbyReplica::peerLost).toList();
    if (lost.isEmpty()) {
      return new Wait(
          PolicyReason.PeerStillConnected,
          silent
              + ", but "
              + in.standby()
              + " is still connected to it over DRBD on all "
              + in.volumes().size()
              + " volumes: the node is alive and only the operator cannot reach it");
    }
    long promotable = lost.stream().filter(StandbyReplica::promotable).count();
    if (promotable == 0) {
      List<String> outdated =
          lost.stream().filter(r -> !r.promotable()).map(StandbyReplica::volume).toList();
      return new Wait(
          PolicyReason.StandbyOutdated,
          silent
              + ", but the replicas on "
              + in.standby()
              + " may be outdated ("
              + String.join(", ", outdated)
              + "): "
              + in.active()
              + " fenced them and kept writing. They are not promoted automatically; bring "
              + in.active()
              + " back, or accept the loss and promote by hand");
    }
    return new FailOver(
        in.standby(),
        silent
            + ", its lease has run out and "
            + in.standby()
            + " lost it as DRBD peer; "
            + promotable
            + " of "
            + in.volumes().size()
            + " volumes can move");
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
