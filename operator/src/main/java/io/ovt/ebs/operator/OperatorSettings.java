package io.ovt.ebs.operator;

import java.time.Duration;

/**
 * How often the operator looks again, and how long it waits for nodes.
 *
 * @param heartbeatInterval how often each StorageNode's daemon is polled
 * @param nodeCallTimeout how long one node API call may take
 * @param busyRequeue when to look again at a volume that is still converging
 * @param steadyRequeue when to look again at a volume that is Ready (drift detection)
 * @param pendingRequeue when to retry a volume waiting on something outside it
 * @param thinOvercommit how far thin pools may be over-committed
 * @param snapshotHold the longest a primary's writes are held for a snapshot on both replicas; the
 *     daemon resumes by itself then and the attempt is retried
 */
public record OperatorSettings(
    Duration heartbeatInterval,
    Duration nodeCallTimeout,
    Duration busyRequeue,
    Duration steadyRequeue,
    Duration pendingRequeue,
    double thinOvercommit,
    Duration snapshotHold) {

  /** Settings for production clusters. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        20.0,
        Duration.ofSeconds(10));
  }
}
