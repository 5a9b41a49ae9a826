package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.volume.Volume;

/** Names a volume has on its nodes. */
public final class VolumeNaming {
  private VolumeNaming() {}

  /**
   * The LV and DRBD resource name: from the UID, so it is unique across namespaces, never reused by
   * a re-created Volume of the same name, and contains nothing a user typed.
   */
  public static String localName(Volume volume) {
    return "ebs-" + volume.getMetadata().getUid().toLowerCase(java.util.Locale.ROOT);
  }
}
