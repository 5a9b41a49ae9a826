package io.ovt.ebs.operator.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A change of a replicated volume's mode (async, semi-sync, full-sync) is a retype: DRBD takes the
 * new protocol online ({@code drbdadm adjust} on both nodes), a frozen policy holds it, and the
 * {@code Retype} condition says which. The status records the mode both nodes took, so a change
 * that one node missed is still a change on the next reconcile.
 */
final class VolumeRetype {
  private VolumeRetype() {}

  /**
   * Records the mode in effect and the Retype condition after a convergence; answers the message of
   * a retype just done, for an event.
   */
  static Optional<String> report(
      VolumeStatus status, VolumeConvergence.Outcomes outcomes, Long generation, Instant now) {
    VolumeConvergence.ModeChange change = outcomes.change();
    boolean bothTook =
        outcomes.primary().outcome() instanceof NodeOutcome.Observed
            && (outcomes.secondary() == null
                || outcomes.secondary().outcome() instanceof NodeOutcome.Observed);
    if (outcomes.mode() != null && (change == null || bothTook)) {
      status.getDrbd().setProtocol(String.valueOf(outcomes.mode().drbdProtocol()));
    }
    if (change == null) {
      return Optional.empty();
    }
    String what = "the replication mode from " + name(change.from()) + " to " + name(change.to());
    if (change.held() != null) {
      set(
          status,
          ConditionStatus.False,
          VolumeReason.LifecycleFrozen,
          change.held().message() + "; changing " + what + " starts then",
          generation,
          now);
      return Optional.empty();
    }
    if (!bothTook) {
      VolumeReport.Replica missing =
          outcomes.primary().outcome() instanceof NodeOutcome.Observed
              ? outcomes.secondary()
              : outcomes.primary();
      boolean refused = missing.outcome() instanceof NodeOutcome.Rejected;
      set(
          status,
          ConditionStatus.False,
          refused ? VolumeReason.NodeRejected : VolumeReason.NodeUnreachable,
          refused
              ? "changing " + what + " was refused by " + missing.node() + ": " + why(missing)
              : "changing " + what + " waits until " + missing.node() + " answers",
          generation,
          now);
      return Optional.empty();
    }
    String done =
        "changed "
            + what
            + " (DRBD protocol "
            + change.to().drbdProtocol()
            + ") on both nodes, online";
    set(status, ConditionStatus.True, VolumeReason.Retyped, done, generation, now);
    return Optional.of(done);
  }

  private static String why(VolumeReport.Replica refused) {
    var error = ((NodeOutcome.Rejected) refused.outcome()).error();
    return error.code() + ": " + error.message();
  }

  private static void set(
      VolumeStatus status,
      ConditionStatus value,
      VolumeReason reason,
      String message,
      Long generation,
      Instant now) {
    Conditions.set(status, ConditionType.Retype, value, reason, message, generation, now);
  }

  /** The mode as the spec spells it. */
  static String name(ReplicationMode mode) {
    try {
      return ReplicationMode.class.getField(mode.name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      return mode.name();
    }
  }
}
