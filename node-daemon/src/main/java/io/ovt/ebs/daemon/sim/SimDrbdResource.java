package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.nodeapi.Role;

/** A DRBD resource that is up on a simulated host. */
final class SimDrbdResource {
  final SimulatedHost host;
  final SimLv lv;
  DrbdResourceConfig config;
  Role role = Role.SECONDARY;

  /** Holders of the device, e.g. a target backstore. */
  int openers;

  /** Set after a split brain: DRBD drops the connection and stays alone until told otherwise. */
  boolean standAlone;

  /** The connection to the peer's resource, shared by both ends; null when not connected. */
  SimLink link;

  long deviceBytes;

  /** Set by {@code drbdadm suspend-io}: new I/O is held until resume-io. */
  boolean ioSuspended;

  SimDrbdResource(SimulatedHost host, SimLv lv, DrbdResourceConfig config) {
    this.host = host;
    this.lv = lv;
    this.config = config;
    this.deviceBytes = usableBytes(lv.sizeBytes);
  }

  SimDrbdMeta meta() {
    return lv.meta;
  }

  /** Usable size with internal metadata at the end of the LV (about 32 KiB per GiB + 36 KiB). */
  static long usableBytes(long lvBytes) {
    long metadata = ((lvBytes / 32768 + 4095) / 4096) * 4096 + 36 * 1024;
    return lvBytes - metadata;
  }
}
