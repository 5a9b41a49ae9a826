package io.ovt.ebs.operator.allocation;

import io.ovt.ebs.nodeapi.NodeApiValidation;
import java.util.Set;

/** Picks the lowest minor and port free on both nodes of a volume. Pure. */
public final class DrbdSlots {
  private static final int MAX_PORT = 65535;

  private DrbdSlots() {}

  /**
   * The lowest free minor at or above {@code firstMinor} and the lowest free port at or above
   * {@code firstPort}; IllegalStateException when either range is exhausted.
   */
  public static DrbdSlot next(
      Set<Integer> usedMinors, Set<Integer> usedPorts, int firstMinor, int firstPort) {
    int minor = firstMinor;
    while (usedMinors.contains(minor)) {
      minor++;
    }
    int port = firstPort;
    while (usedPorts.contains(port)) {
      port++;
    }
    if (minor > NodeApiValidation.MAX_MINOR || port > MAX_PORT) {
      throw new IllegalStateException(
          "no DRBD minor or port left above " + firstMinor + "/" + firstPort);
    }
    return new DrbdSlot(minor, port);
  }
}
