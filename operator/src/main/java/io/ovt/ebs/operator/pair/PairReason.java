package io.ovt.ebs.operator.pair;

/** Condition reasons of a ReplicationPair. */
public enum PairReason {
  InvalidSpec,
  NodeNotFound,
  NodeNotReady,
  PairReady
}
