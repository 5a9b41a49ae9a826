package io.ovt.ebs.operator.failover;

import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.replication.FailoverState;
import io.ovt.ebs.crds.replication.FailoverTrigger;

/**
 * The one-word state of a pair, in this order of precedence: FailingOver while volumes move;
 * Recovering while the node failed away from is back and resyncing (thaw waits for it); Frozen;
 * FailedOver after an automatic failover, until a planned switchover; else Normal. Pure.
 */
final class PolicyStates {
  private PolicyStates() {}

  /** The state, why, and a sentence to add to the Ready message. */
  record State(FailoverState state, PolicyReason reason, String detail) {}

  /**
   * The state of a pair.
   *
   * @param returningUp whether the node the last failover left answers again
   */
  static State of(
      FailoverPolicySpec spec, FailoverRecord last, PolicyProgress progress, boolean returningUp) {
    if (FailoverRecords.inProgress(last)) {
      return new State(
          FailoverState.FailingOver,
          last.getTrigger() == FailoverTrigger.Automatic
              ? PolicyReason.AutomaticFailover
              : PolicyReason.PlannedSwitchover,
          "; moving from "
              + last.getFrom()
              + ": "
              + progress.served()
              + " of "
              + progress.total()
              + " volumes served, "
              + progress.refused()
              + " refused");
    }
    if (last != null && returningUp && progress.recovering() > 0) {
      return new State(
          FailoverState.Recovering,
          PolicyReason.Recovering,
          "; "
              + last.getFrom()
              + " is back and resyncing as secondary: "
              + (progress.served() - progress.recovering())
              + " of "
              + progress.served()
              + " volumes in sync"
              + (Boolean.TRUE.equals(spec.getFrozen())
                  ? ""
                  : "; lifecycle operations stay held until all are"));
    }
    if (Boolean.TRUE.equals(spec.getFrozen())) {
      return new State(FailoverState.Frozen, PolicyReason.PolicyReady, "");
    }
    if (last != null && last.getTrigger() == FailoverTrigger.Automatic) {
      return new State(
          FailoverState.FailedOver,
          PolicyReason.PolicyReady,
          "; failed over from " + last.getFrom() + " at " + last.getStartedAt());
    }
    return new State(FailoverState.Normal, PolicyReason.PolicyReady, "");
  }
}
