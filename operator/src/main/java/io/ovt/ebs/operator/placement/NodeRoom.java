package io.ovt.ebs.operator.placement;

/**
 * What placement knows of one storage node.
 *
 * @param name StorageNode name
 * @param ready whether the node is Ready (daemon reachable, spec valid)
 * @param vgFreeBytes free space its daemon last reported
 * @param thinPoolBytes thin pool size, or 0 without a pool
 * @param pendingThickBytes thick volumes placed on it whose LVs its report may not show yet
 * @param provisionedThinBytes thin volumes placed on it, by virtual size
 * @param overSubscriptionRatio the node's own thin over-commit ratio, or null for the default
 */
public record NodeRoom(
    String name,
    boolean ready,
    long vgFreeBytes,
    long thinPoolBytes,
    long pendingThickBytes,
    long provisionedThinBytes,
    Double overSubscriptionRatio) {

  /** A node that over-commits its thin pool as far as the operator's default allows. */
  public NodeRoom(
      String name,
      boolean ready,
      long vgFreeBytes,
      long thinPoolBytes,
      long pendingThickBytes,
      long provisionedThinBytes) {
    this(name, ready, vgFreeBytes, thinPoolBytes, pendingThickBytes, provisionedThinBytes, null);
  }

  /** Room for a thick volume. */
  long thickRoom() {
    return vgFreeBytes - pendingThickBytes;
  }

  /** The ratio in force: the node's own, else the given default. */
  double ratio(double defaultRatio) {
    return overSubscriptionRatio == null ? defaultRatio : overSubscriptionRatio;
  }

  /** How far thin volumes may reach on this node. */
  long thinLimit(double defaultRatio) {
    return (long) (thinPoolBytes * ratio(defaultRatio));
  }

  /** Room for a thin volume, with the pool over-committed by the node's or the default ratio. */
  long thinRoom(double defaultRatio) {
    return thinPoolBytes == 0 ? 0 : thinLimit(defaultRatio) - provisionedThinBytes;
  }
}
