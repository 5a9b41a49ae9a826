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
 * @param peersLost primaries that lost their DRBD peer and hold their I/O until the operator
 *     acknowledges (in {@link Request#recorded}) that it recorded the peer as outdated; empty
 *     normally
 */
public record Lease(long durationMillis, List<String> fencedVolumes, List<PeerLoss> peersLost) {

  public Lease {
    fencedVolumes = fencedVolumes == null ? List.of() : List.copyOf(fencedVolumes);
    peersLost = peersLost == null ? List.of() : List.copyOf(peersLost);
  }

  /** A lease with no peer lost. */
  public Lease(long durationMillis, List<String> fencedVolumes) {
    this(durationMillis, fencedVolumes, List.of());
  }

  /**
   * Body of the request.
   *
   * @param durationMillis how long the node may serve without a renewal, 1 s to 10 min
   * @param recorded peer losses the operator has recorded durably, so their volumes may go on
   *     without the peer; empty normally
   */
  public record Request(long durationMillis, List<PeerLoss> recorded) {
    public Request {
      recorded = recorded == null ? List.of() : List.copyOf(recorded);
    }

    /** A renewal that acknowledges nothing. */
    public Request(long durationMillis) {
      this(durationMillis, List.of());
    }
  }
}
