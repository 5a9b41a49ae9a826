package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.Role;
import java.util.ArrayList;
import java.util.List;

/** A DRBD resource that is up on a simulated host. */
final class SimDrbdResource {
  final SimulatedHost host;
  SimLv lv;
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

  /** When this side, as primary, lost or was promoted without its peer (fence-peer ran). */
  java.time.Instant peerFencedAt;

  /**
   * Set while the fence-peer handler holds I/O ({@code fencing resource-and-stonith}): this primary
   * lost its peer and the operator has not acknowledged it yet. Reconnecting, the acknowledgement
   * and resume-io end it.
   */
  boolean fenceFrozen;

  /** Set once the operator acknowledged {@link #peerFencedAt}. */
  boolean peerLossAcknowledged;

  /** True when new I/O waits: suspended by hand or frozen by the fence-peer handler. */
  boolean ioHeld() {
    return ioSuspended || fenceFrozen;
  }

  /** Ends the handler's freeze; the writes it held land unless suspend-io still holds them. */
  void unfreeze() {
    fenceFrozen = false;
    if (!ioSuspended) {
      List<SimWrite> waiting = new ArrayList<>(held);
      held.clear();
      for (SimWrite write : waiting) {
        host.land(this, write);
      }
    }
  }

  /** Writes submitted while I/O was suspended, in order; resume-io lands or fails them. */
  final List<SimWrite> held = new ArrayList<>();

  /** Set by {@code drbdadm detach}: the LV is let go; its metadata stays as it was on the LV. */
  boolean diskless;

  /**
   * Set by {@code drbdadm connect --discard-my-data} until the next handshake: should it find a
   * split brain, this side becomes the sync target instead of dropping the connection.
   */
  boolean discardMyData;

  SimDrbdResource(SimulatedHost host, SimLv lv, DrbdResourceConfig config) {
    this.host = host;
    this.lv = lv;
    this.config = config;
    this.deviceBytes = usableBytes(lv.sizeBytes);
  }

  SimDrbdMeta meta() {
    return lv.meta;
  }

  /** The disk state DRBD reports: Diskless once detached, else what the metadata says. */
  DiskState disk() {
    return diskless ? DiskState.Diskless : lv.meta.disk;
  }

  /** Usable size with internal metadata at the end of the LV (about 32 KiB per GiB + 36 KiB). */
  static long usableBytes(long lvBytes) {
    long metadata = ((lvBytes / 32768 + 4095) / 4096) * 4096 + 36 * 1024;
    return lvBytes - metadata;
  }
}
