package io.ovt.ebs.nodeapi;

/** DRBD role of a replica. */
public enum Role {
  PRIMARY,
  SECONDARY
}
