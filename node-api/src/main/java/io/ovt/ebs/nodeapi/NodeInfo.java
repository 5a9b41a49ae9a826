package io.ovt.ebs.nodeapi;

import java.time.Instant;

/**
 * Answer of {@code GET /v1/node}: who the node is, what it runs and how much room it has.
 *
 * @param backendId the Cinder-style backend id the daemon was configured with
 * @param hostname the host name DRBD configuration must use for this node
 * @param hostType real tools or the simulated host
 * @param versions versions of the storage stack
 * @param capacity volume group and thin pool capacity
 * @param time the daemon's clock when it answered
 */
public record NodeInfo(
    String backendId,
    String hostname,
    HostType hostType,
    Versions versions,
    Capacity capacity,
    Instant time) {

  /** Versions of the daemon and of the tools it drives. */
  public record Versions(String daemon, String drbdKernel, String drbdUtils, String lvm) {}

  /** Volume group capacity, and the thin pool's when the node has one. */
  public record Capacity(
      String volumeGroup, long vgSizeBytes, long vgFreeBytes, ThinPoolUsage thinPool) {}

  /** Thin pool size and use. */
  public record ThinPoolUsage(
      String name, long sizeBytes, double dataPercent, double metadataPercent) {}
}
