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

  /** DRBD metadata on this LV, null until create-md. */
  SimDrbdMeta meta;

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
    return new LogicalVolume(
        name, sizeBytes, kind, pool, dataPercent, 0.0, tags, openers > 0, origin);
  }
}
