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
  PeerDisconnected,
  NodeUnreachable,
  NodeRejected,
  Deleting,
  DeleteBlocked,
  SwitchoverWaiting,
  SwitchoverBlocked,
  SwitchedOver,

  NotReplicated
}
