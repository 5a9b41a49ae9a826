package io.ovt.ebs.nodeapi;

/**
 * Where a new volume's first data comes from on this node: an LV of the same node, either a
 * snapshot or a volume (a clone). Used only while the volume's LV is being created; ignored after.
 *
 * @param lv the local name of the source LV (a snapshot or a volume of this node)
 * @param dataBytes how many bytes at the start of the source hold the volume's data (the device
 *     size the source had; DRBD metadata or padding beyond it is not copied)
 */
public record DesiredSource(String lv, long dataBytes) {}
