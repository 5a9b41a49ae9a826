package io.ovt.ebs.operator.volume;

/** Condition reasons of a Volume. */
public enum VolumeReason {
  InvalidSpec,
  SourceNotSupported,
  ShrinkRefused,
  SpecChangeRefused,
  Placed,
  Creating,
  Syncing,
  Available,
  Degraded,
  PeerDisconnected,
  NodeUnreachable,
  NodeRejected,
  NodeNotFound,
  Deleting,
  DeleteBlocked,
  NotReplicated
}
