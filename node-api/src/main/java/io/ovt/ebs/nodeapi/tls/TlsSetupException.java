package io.ovt.ebs.nodeapi.tls;

/** TLS material that cannot be used: unreadable, mismatched or missing; the message says which. */
public final class TlsSetupException extends Exception {
  public TlsSetupException(String message) {
    super(message);
  }
}
