package io.ovt.ebs.operator.failover;

/** Condition reasons of a FailoverPolicy. */
public enum PolicyReason {
  InvalidSpec,
  PairNotFound,
  UnknownBackend,
  PolicyReady,
  /** The active node is silent but the standby does not answer either. */
  StandbyUnreachable,
  /** The active node is silent; its fencing lease may still let it serve. */
  WaitingForLease,
  /** The active node is silent to the operator but its DRBD peer still sees it. */
  PeerStillConnected,
  /** Every replica that could take over may miss writes; no automatic promotion. */
  StandbyOutdated,
  /** The operator failed the pair over to its standby. */
  AutomaticFailover,
  /** A person changed the active backend: the volumes move, in sync, to it. */
  PlannedSwitchover,
  /** Every volume that could move is served by the active node. */
  FailoverComplete,
  /** The failed node is back and resyncing as secondary; thaw waits for it. */
  Recovering
}
