package io.ovt.ebs.operator.volume;

import io.ovt.ebs.nodeapi.ApiError;
import io.ovt.ebs.nodeapi.ObservedVolume;

/** What came back from asking one node to converge a volume. */
public sealed interface NodeOutcome {

  /** The node converged as far as it could and reported the volume. */
  record Observed(ObservedVolume volume) implements NodeOutcome {}

  /** The node did not answer. */
  record Unreachable(String message) implements NodeOutcome {}

  /** The node refused with a typed error. */
  record Rejected(ApiError error) implements NodeOutcome {}
}
