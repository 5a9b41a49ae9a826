package io.ovt.ebs.nodeapi;

/** A node API call that did not succeed. */
public abstract sealed class NodeApiException extends Exception
    permits NodeUnreachableException, NodeRejectedException {
  protected NodeApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
