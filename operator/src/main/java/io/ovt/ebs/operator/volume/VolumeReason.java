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
  /** The source (an image) can never be put into the volume: bad checksum, too large, corrupt. */
  SourceRefused,
  ShrinkRefused,
  Placed,
  Creating,
  Syncing,
  Available,
  Extending,
  PeerDisconnected,
  /** Both replicas wrote while apart; DRBD refuses to connect them. */
  SplitBrain,
  NodeUnreachable,
  NodeRejected,
  Deleting,
  DeleteBlocked,
  /** A lifecycle operation waits for the pair's FailoverPolicy to thaw. */
  LifecycleFrozen,
  SwitchoverWaiting,
  SwitchoverBlocked,
  SwitchedOver,
  /** The primary is down; the standby is promoted once that is safe. */
  FailoverWaiting,
  /** The standby may miss writes; it is never promoted automatically. */
  FailoverRefused,
  /** The standby was promoted after its primary was lost. */
  FailedOver,

  /** The volume's replication mode changed on both nodes, online. */
  Retyped,
  /** Replication was turned on: a peer joined and receives the full sync. */
  ReplicationAdding,
  /** Replication was turned on and the peer holds a full copy. */
  ReplicationAdded,
  /** Replication is being turned off: the primary drops DRBD, then the peer's copy goes. */
  ReplicationRemoving,
  /** Replication was turned off: the primary serves from its LV alone. */
  ReplicationRemoved,
  /** The change needs the volume unexported first. */
  ExportedVolume,

  NotReplicated
}
