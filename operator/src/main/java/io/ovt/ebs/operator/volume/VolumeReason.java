package io.ovt.ebs.operator.volume;

/** Condition reasons of a Volume. */
public enum VolumeReason {
  InvalidSpec,
  SourceNotSupported,
  SourceNotFound,
  SourceNotReady,
  SourceTooLarge,
  Initializing,
  SourceCopied,
  ShrinkRefused,
  Placed,
  Creating,
  Syncing,
  Available,
  Extending,
  PeerDisconnected,
  NodeUnreachable,
  NodeRejected,
  Deleting,
  DeleteBlocked,
  /** A lifecycle operation waits for the pair's FailoverPolicy to thaw. */
  LifecycleFrozen,
  SwitchoverWaiting,
  SwitchoverBlocked,
  SwitchedOver,

  NotReplicated
}
