package io.ovt.ebs.operator.failover;

/** Condition reasons of a FailoverPolicy. */
public enum PolicyReason {
  InvalidSpec,
  PairNotFound,
  UnknownBackend,
  PolicyReady
}
