package io.ovt.ebs.nodeapi;

/** DRBD replication protocol: A async, B semi-sync, C full-sync. */
public enum DrbdProtocol {
  A,
  B,
  C
}
