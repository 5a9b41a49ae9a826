package io.ovt.ebs.daemon.converge;

/**
 * Fixed facts of a host the planner needs.
 *
 * @param volumeGroup the VG volumes are created in
 * @param thinPool the thin pool for thin volumes, or null
 * @param projectTag the LVM tag of every LV the daemon owns; untagged LVs are never touched
 * @param hostname the host name DRBD configuration uses for this host
 */
public record HostLayout(String volumeGroup, String thinPool, String projectTag, String hostname) {

  /** The LVM tag EBS puts on every LV it creates. */
  public static final String DEFAULT_TAG = "ebs.ovt.io";

  private static final String SOURCE_TAG_INFIX = "-from.";

  /**
   * The tag of a thin LV created for a new replicated volume and never written since: with it on
   * both sides, the first sync can be skipped, because both read as zeros.
   */
  public String zeroedTag() {
    return projectTag + "-zeroed";
  }

  /** The tag of a snapshot LV of a volume; snapshots are not volumes themselves. */
  public String snapshotTag() {
    return projectTag + "-snapshot";
  }

  /** Prefix of the tag recording how many bytes of volume data a snapshot holds. */
  public String dataBytesTagPrefix() {
    return projectTag + "-bytes.";
  }

  /** The tag recording that a snapshot holds {@code bytes} of volume data. */
  public String dataBytesTag(long bytes) {
    return dataBytesTagPrefix() + bytes;
  }

  /**
   * The tag of an LV whose first data is still being put in place (copied from its source, its end
   * wiped): DRBD must not use it yet, and a restarted daemon starts the copy again.
   */
  public String initTag() {
    return projectTag + "-init";
  }

  /**
   * The tag naming the LV another one is made from, while it needs it: during its first copy, and
   * for good when it is a thin snapshot of it (which shares its blocks).
   */
  public String sourceTag(String source) {
    return projectTag + SOURCE_TAG_INFIX + source;
  }

  /** The LV a tag made by {@link #sourceTag} names, or null for another tag. */
  public String sourceOf(String tag) {
    String prefix = projectTag + SOURCE_TAG_INFIX;
    return tag.startsWith(prefix) ? tag.substring(prefix.length()) : null;
  }

  /** The tag of an LV whose first data is an image being imported, until it is in place. */
  public String imageTag() {
    return projectTag + "-image";
  }

  /** The tag of a short-lived snapshot a copy reads from, so the copy is one point in time. */
  public String tempTag() {
    return projectTag + "-temp";
  }

  /** The device path of an LV of this host. */
  public String lvPath(String name) {
    return "/dev/" + volumeGroup + "/" + name;
  }
}
