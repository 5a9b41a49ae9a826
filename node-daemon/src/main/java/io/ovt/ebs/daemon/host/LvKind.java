package io.ovt.ebs.daemon.host;

/** What an LV is. */
public enum LvKind {
  THICK,
  THIN,
  THIN_POOL,
  SNAPSHOT,
  OTHER
}
