package io.ovt.ebs.crds.replication;

/** What started a move of a pair's volumes to another node. */
public enum FailoverTrigger {
  /** The operator found the active node lost and failed over by itself. */
  Automatic,
  /** A person (or Cinder, through the driver) changed spec.activeBackend. */
  Planned
}
