package io.ovt.ebs.daemon.command;

/** Runs external commands; the real one starts processes, tests script the answers. */
public interface CommandRunner {
  /**
   * Runs the command and returns its result whatever its exit code; only a command that could not
   * start or ran out of time throws.
   */
  CommandResult run(Command command) throws CommandException;
}
