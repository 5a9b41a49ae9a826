package io.ovt.ebs.operator.snapshot;

import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out a snapshot plan on the nodes' daemons. */
final class SnapshotTaker {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);

  private SnapshotTaker() {}

  /**
   * Both replicas at one point. Leftovers of an interrupted attempt are removed first: they hold
   * another point in time. The primary's writers stall at most {@code hold}: the daemon releases by
   * itself then, and a snapshot of the primary taken later is refused.
   */
  static ObservedSnapshot both(
      NodeApi primary, NodeApi secondary, String volume, String snapshot, Duration hold)
      throws NodeApiException {
    secondary.deleteSnapshot(volume, snapshot);
    primary.deleteSnapshot(volume, snapshot);
    IoSuspension held = primary.suspendIo(volume, hold);
    try {
      secondary.createSnapshot(volume, new SnapshotRequest(snapshot, null));
      return primary.createSnapshot(volume, new SnapshotRequest(snapshot, held.id()));
    } finally {
      release(primary, volume, held);
    }
  }

  /** The primary alone. */
  static ObservedSnapshot primaryOnly(NodeApi primary, String volume, String snapshot)
      throws NodeApiException {
    primary.deleteSnapshot(volume, snapshot);
    return primary.createSnapshot(volume, new SnapshotRequest(snapshot, null));
  }

  private static void release(NodeApi primary, String volume, IoSuspension held) {
    try {
      primary.resumeIo(volume, held.id());
    } catch (NodeApiException e) {
      // The daemon's timer releases it at heldUntil; nothing is lost by waiting for that.
      LOG.warn(
          "{}: releasing I/O failed ({}); the node resumes it by {}", volume, e, held.heldUntil());
    }
  }
}
