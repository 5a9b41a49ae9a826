package io.ovt.ebs.nodeapi;

/** The daemon answered with a typed error. */
public final class NodeRejectedException extends NodeApiException {
  private final transient ApiError error;

  public NodeRejectedException(ApiError error) {
    super(error.code() + ": " + error.message(), null);
    this.error = error;
  }

  /** The daemon's error. */
  public ApiError error() {
    return error;
  }
}
