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
 */
public record NodeRoom(
    String name,
    boolean ready,
    long vgFreeBytes,
    long thinPoolBytes,
    long pendingThickBytes,
    long provisionedThinBytes) {

  /** Room for a thick volume. */
  long thickRoom() {
    return vgFreeBytes - pendingThickBytes;
  }

  /** Room for a thin volume, with the pool over-committed by the given ratio. */
  long thinRoom(double overcommit) {
    return thinPoolBytes == 0 ? 0 : (long) (thinPoolBytes * overcommit) - provisionedThinBytes;
  }
}
