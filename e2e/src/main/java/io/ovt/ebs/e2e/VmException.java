package io.ovt.ebs.e2e;

/** A virtual machine or a command in it did not do what the harness needed. */
public class VmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VmException(String message) {
    super(message);
  }

  public VmException(String message, Throwable cause) {
    super(message, cause);
  }
}
