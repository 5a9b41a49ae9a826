package io.ovt.ebs.operator.failover;

import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.replication.FailoverTrigger;
import java.time.Duration;
import java.time.Instant;

/** Builds and completes the record of a failover or planned switchover. Pure. */
final class FailoverRecords {
  private FailoverRecords() {}

  /** Whether a move is under way. */
  static boolean inProgress(FailoverRecord record) {
    return record != null && record.getCompletedAt() == null;
  }

  /** A failover the operator decided. */
  static FailoverRecord automatic(String from, String to, String why, Instant now) {
    return started(FailoverTrigger.Automatic, from, to, "automatic failover: " + why, now);
  }

  /** A move a person asked for by setting the active backend. */
  static FailoverRecord planned(String from, String to, String backend, Instant now) {
    return started(FailoverTrigger.Planned, from, to, "spec.activeBackend set to " + backend, now);
  }

  private static FailoverRecord started(
      FailoverTrigger trigger, String from, String to, String reason, Instant now) {
    FailoverRecord record = new FailoverRecord();
    record.setTrigger(trigger);
    record.setFrom(from);
    record.setTo(to);
    record.setReason(reason);
    record.setStartedAt(now.toString());
    return record;
  }

  /** The record completed when no volume is left to move; else as given. */
  static FailoverRecord finishIfDone(FailoverRecord record, PolicyProgress progress, Instant now) {
    if (!inProgress(record)) {
      return record;
    }
    record.setVolumesMoved(progress.served());
    if (progress.pending() > 0) {
      return record;
    }
    record.setCompletedAt(now.toString());
    record.setDurationMillis(
        Math.max(0, Duration.between(Instant.parse(record.getStartedAt()), now).toMillis()));
    return record;
  }
}
