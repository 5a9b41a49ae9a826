package io.ovt.ebs.nodeapi;

import java.time.Instant;

/**
 * Answer of {@code POST /v1/volumes/{name}/io-suspension}: the volume's I/O is held and nothing
 * written is still on its way to the peer. The daemon resumes I/O by itself at {@code heldUntil}.
 *
 * @param id names this suspension for the snapshot and the release
 * @param heldUntil when the daemon resumes I/O if nobody released it before
 */
public record IoSuspension(String id, Instant heldUntil) {

  /**
   * Body of the request.
   *
   * @param holdMillis how long at most the daemon holds I/O before resuming by itself
   */
  public record Request(long holdMillis) {}

  /**
   * Answer of the release.
   *
   * @param heldThroughout true when I/O was held from the suspension until this release
   */
  public record Release(boolean heldThroughout) {}
}
