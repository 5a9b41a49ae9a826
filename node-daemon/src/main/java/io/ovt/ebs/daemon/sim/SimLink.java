package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.nodeapi.DiskState;
import java.time.Duration;
import java.time.Instant;

/** A live DRBD connection between two simulated resources, with the resync running over it. */
final class SimLink {
  final SimDrbdResource a;
  final SimDrbdResource b;

  /** Sync source while a resync runs, else null. */
  SimDrbdResource source;

  long bytesDone;
  Instant lastTick;

  SimLink(SimDrbdResource a, SimDrbdResource b) {
    this.a = a;
    this.b = b;
  }

  SimDrbdResource other(SimDrbdResource end) {
    return end == a ? b : a;
  }

  SimDrbdResource target() {
    return source == null ? null : other(source);
  }

  void startSync(SimDrbdResource from, Instant now) {
    source = from;
    bytesDone = 0;
    lastTick = now;
    other(from).meta().disk = DiskState.Inconsistent;
  }

  /** Advances a running resync to {@code now}; completes it when every byte is copied. */
  void advance(SimulatedNetwork network, Instant now) {
    if (source == null) {
      return;
    }
    long rate = network.syncRate(source.config.resyncRateKiB() * 1024);
    long elapsedMicros = Math.max(0, Duration.between(lastTick, now).toNanos() / 1000);
    lastTick = now;
    bytesDone += (long) Math.min(Long.MAX_VALUE / 2, (double) rate * elapsedMicros / 1_000_000.0);
    if (bytesDone >= source.deviceBytes) {
      SimDrbdMeta from = source.meta();
      SimDrbdMeta to = target().meta();
      to.disk = DiskState.UpToDate;
      to.generation = from.generation;
      to.commonGeneration = from.generation;
      from.commonGeneration = from.generation;
      // The peer now holds every block of the device as the source has it.
      target().lv.data.copyRange(source.lv.data, 0, source.deviceBytes);
      source = null;
    }
  }

  Double syncPercent() {
    if (source == null) {
      return null;
    }
    return Math.min(99.9, Math.floor(1000.0 * bytesDone / source.deviceBytes) / 10.0);
  }
}
