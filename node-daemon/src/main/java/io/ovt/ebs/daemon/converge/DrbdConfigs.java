package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.nodeapi.DesiredDrbd;
import io.ovt.ebs.nodeapi.DesiredVolume;

/** Builds a volume's DRBD resource configuration and judges its device size. */
final class DrbdConfigs {
  private DrbdConfigs() {}

  static DrbdResourceConfig from(DesiredVolume desired, HostLayout layout) {
    DesiredDrbd drbd = desired.drbd();
    return new DrbdResourceConfig(
        desired.name(),
        drbd.minor(),
        drbd.port(),
        drbd.protocol(),
        new DrbdResourceConfig.Endpoint(
            layout.hostname(), drbd.localAddress(), layout.lvPath(desired.name())),
        new DrbdResourceConfig.Endpoint(drbd.peer().hostname(), drbd.peer().address(), null),
        drbd.resyncRateKiB());
  }

  /** LVs grow in whole extents of this size (LVM's default, what the daemon's VGs use). */
  static final long EXTENT_BYTES = 4L << 20;

  /**
   * Room DRBD 8.4's internal metadata takes at the end of an LV: the bitmap (one bit per 4 KiB, in
   * whole 4 KiB blocks), the 4 KiB superblock and the 32 KiB activity log, as the kernel's {@code
   * drbd_md_set_sector_offsets} computes it.
   */
  static long metadataBytes(long lvBytes) {
    long bitmap = ((lvBytes / 32768 + 4095) / 4096) * 4096;
    return bitmap + 36 * 1024;
  }

  /** Size of the DRBD device on an LV of that size. */
  static long usableBytes(long lvBytes) {
    return (lvBytes / 4096) * 4096 - metadataBytes(lvBytes);
  }

  /**
   * The smallest LV, in whole extents, whose DRBD device holds at least the requested size: a
   * replicated volume is never smaller than asked because of DRBD's metadata.
   */
  static long lvBytesFor(long requestedBytes) {
    long lv = roundUp(requestedBytes + metadataBytes(requestedBytes));
    while (usableBytes(lv) < requestedBytes) {
      lv += EXTENT_BYTES;
    }
    return lv;
  }

  /** The LV a desired volume needs: its size, plus DRBD's metadata when replicated. */
  static long lvBytes(DesiredVolume desired) {
    return desired.drbd() == null ? roundUp(desired.sizeBytes()) : lvBytesFor(desired.sizeBytes());
  }

  static long roundUp(long bytes) {
    return ((bytes + EXTENT_BYTES - 1) / EXTENT_BYTES) * EXTENT_BYTES;
  }

  /**
   * True when the LV has grown under a device that has not: growth is in whole extents, far more
   * than the 1 MiB allowed for a kernel whose metadata rounding differs slightly from ours.
   */
  static boolean needsResize(long lvBytes, long deviceBytes) {
    return usableBytes(lvBytes) - deviceBytes > (1L << 20);
  }
}
