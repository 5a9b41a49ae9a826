package io.ovt.ebs.daemon.converge;

/**
 * What convergence must know of the node's self-fencing ({@code io.ovt.ebs.daemon.fencing}): which
 * volumes it holds, whether the lease would let a held primary serve again, and how to record that
 * a volume left the fence.
 */
public interface FenceView {
  /** Where a volume is with respect to fencing. */
  enum State {
    /** Not fenced. */
    NONE,
    /** Fenced: a primary whose I/O the node holds because it lost its lease and its peer. */
    HELD,
    /**
     * Gave its data up on leaving the fence (the peer was promoted): it rejoins as a secondary that
     * discards what it wrote alone and resyncs from the peer.
     */
    REJOINING
  }

  /** A node that never fences: the lease is never armed. */
  FenceView UNFENCED =
      new FenceView() {
        @Override
        public State state(String volume) {
          return State.NONE;
        }

        @Override
        public boolean leaseValid() {
          return true;
        }

        @Override
        public void moveTo(String volume, State next) {}
      };

  /** The volume's state. */
  State state(String volume);

  /**
   * True when a held primary may serve again: the lease was never armed, or it was renewed and is
   * not about to end.
   */
  boolean leaseValid();

  /** Records the volume's new state, once the actions that lead there have run. */
  void moveTo(String volume, State next);
}
