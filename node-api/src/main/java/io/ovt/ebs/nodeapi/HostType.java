package io.ovt.ebs.nodeapi;

/** Whether a daemon drives real storage tools or the in-memory simulated host. */
public enum HostType {
  REAL,
  SIMULATED
}
