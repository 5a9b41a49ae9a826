package io.ovt.ebs.operator.placement;

/** Where a volume goes, or why it cannot go anywhere. */
public sealed interface PlacementResult {

  /**
   * A placement.
   *
   * @param pair the pair, or null for a volume that is not replicated
   * @param primary the node that serves
   * @param secondary the node that holds the replica, or null
   */
  record Placed(String pair, String primary, String secondary) implements PlacementResult {}

  /** No placement, with a reason and a message a person can act on. */
  record Unplaceable(PlacementFailure reason, String message) implements PlacementResult {}
}
