package io.ovt.ebs.nodeapi;

import java.util.List;

/**
 * Body of {@code PUT /v1/volumes/{name}}: the desired local state of one volume on this node.
 *
 * @param name the LV and DRBD resource name; must match the path
 * @param sizeBytes size of the volume; rounded up to whole LVM extents
 * @param provisioning thick or thin
 * @param drbd the DRBD resource, or null for a volume that is not replicated
 * @param exports iSCSI exports of the volume from this node; empty for none
 * @param source the data a new LV starts from on this node, or null for an empty volume
 */
public record DesiredVolume(
    String name,
    long sizeBytes,
    Provisioning provisioning,
    DesiredDrbd drbd,
    List<DesiredExport> exports,
    DesiredSource source) {

  public DesiredVolume {
    exports = exports == null ? List.of() : List.copyOf(exports);
  }

  /** A volume that starts empty. */
  public DesiredVolume(
      String name,
      long sizeBytes,
      Provisioning provisioning,
      DesiredDrbd drbd,
      List<DesiredExport> exports) {
    this(name, sizeBytes, provisioning, drbd, exports, null);
  }
}
