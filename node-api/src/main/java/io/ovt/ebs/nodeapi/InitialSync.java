package io.ovt.ebs.nodeapi;

/** How a new replicated volume's two copies are made equal the first time. */
public enum InitialSync {
  /** Copy every block from the primary to the peer (needed when the LVs may differ). */
  FULL,
  /**
   * Declare both copies equal without copying. Correct only when both LVs provably read as zeros,
   * i.e. freshly created thin LVs never written; the daemon refuses it otherwise.
   */
  ZEROED
}
