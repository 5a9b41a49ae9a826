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

  /**
   * What DRBD 8.4 leaves of an LV for data with internal metadata at its end: a bitmap of one bit
   * per 4 KiB rounded up to 4 KiB, plus 36 KiB of superblock and activity log, as drbdmeta sizes
   * it.
   */
  static long usableBytes(long lvBytes) {
    long metadata = ((lvBytes / 32768 + 4095) / 4096) * 4096 + 36 * 1024;
    return lvBytes - metadata;
  }

  /**
   * True when the DRBD device is smaller than its LV allows by more than internal metadata takes
   * (about 32 KiB per GiB); LVs grow in 4 MiB extents, so a grown LV is always detected.
   */
  static boolean needsResize(long lvBytes, long deviceBytes) {
    long metadataAllowance = lvBytes / 16384 + (1L << 20);
    return lvBytes - deviceBytes > metadataAllowance;
  }
}
