package io.ovt.ebs.nodeapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a new volume's first data comes from on this node: an LV of the same node (a snapshot, or a
 * volume to clone), or a disk image the node downloads. Used only while the volume's LV is being
 * created; ignored after. Exactly one of {@code lv} and {@code image} is given.
 *
 * @param lv the local name of the source LV (a snapshot or a volume of this node), or null
 * @param dataBytes how many bytes at the start of the source LV hold the volume's data (the device
 *     size the source had; DRBD metadata or padding beyond it is not copied); 0 for an image, whose
 *     size only the download tells
 * @param image the image to import, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DesiredSource(String lv, long dataBytes, DesiredImage image) {

  /** A source LV of this node. */
  public DesiredSource(String lv, long dataBytes) {
    this(lv, dataBytes, null);
  }

  /** An image the node downloads and converts into the new LV. */
  public static DesiredSource of(DesiredImage image) {
    return new DesiredSource(null, 0, image);
  }
}
