package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.OperatorSettings;
import java.time.Duration;

/**
 * When a volume is looked at again. Pure. Each look is a PUT to both daemons, and each PUT observes
 * the whole host: a volume that waits on a sync or a copy, which no PUT speeds up, is looked at
 * five times less often than a converging one (its progress in status is that fresh; on small hosts
 * the looks at every second slowed the very copies they waited for).
 */
final class VolumeRequeue {
  private VolumeRequeue() {}

  /** The delay before the next reconcile of a volume now in {@code status}. */
  static Duration after(VolumeState before, VolumeStatus status, OperatorSettings settings) {
    VolumeState now = status.getState();
    if (now == VolumeState.Available && before == VolumeState.Available) {
      return settings.steadyRequeue();
    }
    if (now == VolumeState.Syncing || now == VolumeState.Degraded || copying(status)) {
      return waiting(settings);
    }
    // Busy also once more soon after a volume becomes Available: a secondary finishes what follows
    // its sync (the zeroed tag of a skipped initial sync goes) only on the PUT after it is
    // UpToDate, and that tag must not linger until the drift check.
    return settings.busyRequeue();
  }

  /**
   * The pace of a volume waiting on a sync or a copy: still convergence, so derived from the busy
   * pace (5 s in production), not from the pace of waits on things outside the volume.
   */
  static Duration waiting(OperatorSettings settings) {
    return settings.busyRequeue().multipliedBy(WAITING_FACTOR);
  }

  private static final int WAITING_FACTOR = 5;

  private static boolean copying(VolumeStatus status) {
    return status.getState() == VolumeState.Creating
        && Conditions.find(status, ConditionType.Ready)
            .map(c -> VolumeReason.Initializing.name().equals(c.getReason()))
            .orElse(false);
  }
}
