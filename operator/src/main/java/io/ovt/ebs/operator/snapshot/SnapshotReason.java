package io.ovt.ebs.operator.snapshot;

/** Condition and event reasons of a Snapshot. */
public enum SnapshotReason {
  VolumeNotFound,
  VolumeNotReady,
  NodeNotFound,
  Taking,
  Taken,
  TakenOnPrimaryOnly,
  TakeFailed,
  Deleting,
  DeleteBlocked,
  /** Taking or deleting waits for the FailoverPolicy of the volume's pair to thaw. */
  LifecycleFrozen
}
