package io.ovt.ebs.nodeapi;

import java.util.List;

/**
 * Answer of {@code PUT /v1/lease}: the fencing lease this node now holds. While it runs the node
 * may go on serving as primary without a peer; once it has run out and a primary volume has also
 * lost its DRBD peer, the daemon fences that volume (holds its I/O) before anyone may promote the
 * peer. The lease is measured on the daemon's monotonic clock from the moment the request arrived,
 * so it never outlives what the operator counted from the moment it sent the request.
 *
 * @param durationMillis the lease granted, counted from when the daemon received the request
 * @param fencedVolumes volumes this node has fenced since, still held; empty normally
 */
public record Lease(long durationMillis, List<String> fencedVolumes) {

  public Lease {
    fencedVolumes = fencedVolumes == null ? List.of() : List.copyOf(fencedVolumes);
  }

  /**
   * Body of the request.
   *
   * @param durationMillis how long the node may serve without a renewal, 1 s to 10 min
   */
  public record Request(long durationMillis) {}
}
