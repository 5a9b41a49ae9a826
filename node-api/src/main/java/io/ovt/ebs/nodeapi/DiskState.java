package io.ovt.ebs.nodeapi;

/** DRBD disk state of a replica, in DRBD's own words (8.4 and 9 share them). */
public enum DiskState {
  Diskless,
  Attaching,
  Detaching,
  Failed,
  Negotiating,
  Inconsistent,
  Outdated,
  DUnknown,
  Consistent,
  UpToDate;

  /** True when this copy holds the newest data and may serve. */
  public boolean isUpToDate() {
    return this == UpToDate;
  }
}
