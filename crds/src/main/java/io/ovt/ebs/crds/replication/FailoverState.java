package io.ovt.ebs.crds.replication;

/** Where a pair stands in the failover state machine. */
public enum FailoverState {
  Normal,
  FailingOver,
  FailedOver,
  Frozen,
  Recovering
}
