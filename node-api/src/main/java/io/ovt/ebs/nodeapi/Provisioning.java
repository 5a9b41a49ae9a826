package io.ovt.ebs.nodeapi;

/** How an LV takes space: all at once, or on write from the node's thin pool. */
public enum Provisioning {
  THICK,
  THIN
}
