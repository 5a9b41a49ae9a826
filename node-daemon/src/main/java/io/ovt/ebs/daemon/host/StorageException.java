package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.List;

/** A storage operation the host refused or failed, with the command and its stderr. */
public class StorageException extends Exception {
  private final ErrorCode code;
  private final List<String> command;
  private final String stderr;

  public StorageException(ErrorCode code, String message, List<String> command, String stderr) {
    super(message);
    this.code = code;
    this.command = List.copyOf(command);
    this.stderr = stderr;
  }

  /** A refusal decided before any command ran. */
  public static StorageException refused(ErrorCode code, String message) {
    return new StorageException(code, message, List.of(), null);
  }

  /** The typed error. */
  public ErrorCode code() {
    return code;
  }

  /** The command that failed, as its argument list; empty when none ran. */
  public List<String> command() {
    return command;
  }

  /** What the command wrote to stderr. */
  public String stderr() {
    return stderr;
  }
}
