package io.ovt.ebs.crds.volume;

/** One-word summary of a volume for tables; conditions carry the detail. */
public enum VolumeState {
  /** Waiting for input to be fixed or for a node or pair to become usable. */
  Pending,
  /** Placed; storage is being created on the nodes. */
  Creating,
  /** Created and usable on the primary; the secondary is receiving its initial or catch-up sync. */
  Syncing,
  /** Usable, and replicated when replication is on. */
  Available,
  /** Usable; growing to a larger spec.size on its nodes. */
  Extending,
  /** Usable on the primary, but the secondary is not up to date and not syncing. */
  Degraded,
  /** A node refused an operation; the Ready condition says why. */
  Error,
  /** Being removed from its nodes. */
  Deleting
}
