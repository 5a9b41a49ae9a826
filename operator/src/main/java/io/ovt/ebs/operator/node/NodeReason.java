package io.ovt.ebs.operator.node;

/** Condition reasons of a StorageNode. */
public enum NodeReason {
  InvalidSpec,
  HeartbeatOk,
  Unreachable,
  Rejected,
  BackendMismatch,
  VolumeGroupMismatch,
  ThinPoolMissing,
  NodeReady,
  Fenced,
  LeaseRefused
}
