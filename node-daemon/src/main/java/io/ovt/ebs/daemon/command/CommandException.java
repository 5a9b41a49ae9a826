package io.ovt.ebs.daemon.command;

import java.util.List;

/** A command that could not start or did not finish in time. */
public final class CommandException extends Exception {
  private final List<String> argv;

  public CommandException(List<String> argv, String message, Throwable cause) {
    super(String.join(" ", argv) + ": " + message, cause);
    this.argv = List.copyOf(argv);
  }

  /** The command. */
  public List<String> argv() {
    return argv;
  }
}
