package io.ovt.ebs.operator.placement;

/** Why a volume could not be placed; each is a condition reason. */
public enum PlacementFailure {
  PairNotFound,
  NodeNotFound,
  NodeNotReady,
  NoThinPool,
  InsufficientCapacity,
  /** The volume is made from a source on other nodes than the ones asked for. */
  SourceElsewhere,
  /** Its only place, or its source, is on a pair whose FailoverPolicy is frozen: it waits. */
  LifecycleFrozen
}
