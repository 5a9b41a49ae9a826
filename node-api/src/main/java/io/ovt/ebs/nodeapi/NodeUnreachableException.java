package io.ovt.ebs.nodeapi;

/** The daemon did not answer: connection refused, reset or timed out. */
public final class NodeUnreachableException extends NodeApiException {
  public NodeUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
