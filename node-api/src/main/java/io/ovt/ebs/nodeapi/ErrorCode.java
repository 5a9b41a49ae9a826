package io.ovt.ebs.nodeapi;

/** Typed failures of the node API, each with the HTTP status that carries it. */
public enum ErrorCode {
  /** The request was malformed or named something that failed validation. */
  INVALID_REQUEST(400),
  /** No or a wrong bearer token. */
  UNAUTHORIZED(401),
  /** The named volume is not on this node. */
  NOT_FOUND(404),
  /** The request conflicts with the node's state (e.g. shrinking, an untagged LV in the way). */
  CONFLICT(409),
  /** A DRBD minor or port is already used by another resource. */
  RESOURCE_IN_USE(409),
  /** The device is held open, so it cannot be demoted or removed. */
  DEVICE_IN_USE(409),
  /** DRBD refused a role change (a second primary, or no up-to-date data). */
  STATE_CHANGE_REFUSED(409),
  /** The LV is the origin of others (snapshots, thin clones) that still need it. */
  HAS_DEPENDENTS(409),
  /** The I/O suspension named in the request has ended, so the snapshot would not match. */
  SUSPENSION_ENDED(409),
  /** The volume group or thin pool has no room. */
  NO_SPACE(507),
  /** The request body is too large. */
  PAYLOAD_TOO_LARGE(413),
  /** Too many requests from this address failed authentication lately; try again later. */
  TOO_MANY_FAILURES(429),
  /** A storage command failed for another reason; the command and its stderr are attached. */
  COMMAND_FAILED(500),
  /** The daemon failed in a way it did not foresee. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status this error is answered with. */
  public int httpStatus() {
    return httpStatus;
  }
}
