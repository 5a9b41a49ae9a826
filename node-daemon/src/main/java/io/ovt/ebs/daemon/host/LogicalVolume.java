package io.ovt.ebs.daemon.host;

import java.util.Set;

/**
 * One LV as {@code lvs} reports it.
 *
 * @param name LV name
 * @param sizeBytes size
 * @param kind thick, thin, pool, snapshot
 * @param pool the thin pool of a thin LV
 * @param dataPercent data use of a thin LV or pool
 * @param metadataPercent metadata use of a thin pool
 * @param tags LVM tags
 * @param open whether the LV is held open
 * @param origin the LV a snapshot was taken of, or null
 */
public record LogicalVolume(
    String name,
    long sizeBytes,
    LvKind kind,
    String pool,
    double dataPercent,
    double metadataPercent,
    Set<String> tags,
    boolean open,
    String origin) {

  public LogicalVolume {
    tags = Set.copyOf(tags);
  }

  /** True when the LV carries the given tag. */
  public boolean hasTag(String tag) {
    return tags.contains(tag);
  }
}
