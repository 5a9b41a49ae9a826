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

  /** The device path of an LV of this host. */
  public String lvPath(String name) {
    return "/dev/" + volumeGroup + "/" + name;
  }
}
