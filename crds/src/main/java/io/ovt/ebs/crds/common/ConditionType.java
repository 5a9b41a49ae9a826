package io.ovt.ebs.crds.common;

/** The condition types EBS resources report; {@code Ready} is the summary on every kind. */
public enum ConditionType {
  /** Summary: the resource is fully in its desired state and usable. */
  Ready,
  /** A StorageNode's daemon answered its last heartbeat. */
  Reachable,
  /** A Volume has its nodes, DRBD minor and port recorded. */
  Placed,
  /** A Volume's replicas are connected and up to date. */
  Replicated,
  /** Lifecycle operations are held because the pair's failover policy is frozen. */
  Frozen,
  /** A Volume made from a snapshot or another volume is still receiving the source's data. */
  Initializing,
  /** A replicated volume is served by the node its pair's failover policy makes active. */
  Switchover,
  /**
   * A Volume's last retype (today: a change of its replication mode) is done, or why it waits.
   * Absent until the volume is first retyped.
   */
  Retype,
  /**
   * A resource cinder-sync mirrors matches its Cinder record. cinder-sync alone writes it; the
   * operator carries it over when it writes the status.
   */
  CinderSynced
}
