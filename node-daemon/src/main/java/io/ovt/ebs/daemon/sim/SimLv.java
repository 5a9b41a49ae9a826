package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import java.util.Set;

/** Mutable state of one simulated LV, including DRBD metadata written on it. */
final class SimLv {
  final String name;
  final LvKind kind;
  final String pool;
  final Set<String> tags;

  /** The LV this one is a snapshot of, or null. */
  final String origin;

  long sizeBytes;

  /** Share of a thin LV that has been written; 0 means it provably reads as zeros. */
  double dataPercent;

  /** DRBD metadata on this LV (in its last bytes), null until create-md. */
  SimDrbdMeta meta;

  /** The data written to the LV. */
  SimData data = new SimData();

  /** For a classic snapshot: the origin's size it shows; its own size is its copy-on-write area. */
  long originBytes;

  /** For a classic snapshot: bytes of its copy-on-write area used by writes to the origin. */
  long cowUsedBytes;

  /** Holders of the LV: an attached DRBD resource or a target backstore. */
  int openers;

  SimLv(String name, LvKind kind, String pool, long sizeBytes, Set<String> tags) {
    this(name, kind, pool, sizeBytes, tags, null);
  }

  SimLv(String name, LvKind kind, String pool, long sizeBytes, Set<String> tags, String origin) {
    this.origin = origin;
    this.name = name;
    this.kind = kind;
    this.pool = pool;
    this.sizeBytes = sizeBytes;
    this.tags = new java.util.LinkedHashSet<>(tags);
  }

  LogicalVolume snapshot() {
    double used =
        kind == LvKind.SNAPSHOT ? Math.min(100.0, 100.0 * cowUsedBytes / sizeBytes) : dataPercent;
    return new LogicalVolume(name, sizeBytes, kind, pool, used, 0.0, tags, openers > 0, origin);
  }

  /** Bytes a reader of the LV sees: a classic snapshot shows its origin's size. */
  long readableBytes() {
    return kind == LvKind.SNAPSHOT ? originBytes : sizeBytes;
  }

  /** A classic snapshot whose copy-on-write area overflowed: LVM drops it, reads fail. */
  boolean invalid() {
    return kind == LvKind.SNAPSHOT && cowUsedBytes >= sizeBytes;
  }

  /** Where DRBD's internal metadata begins on this LV. */
  long metadataOffset() {
    return SimDrbdResource.usableBytes(sizeBytes);
  }
}
