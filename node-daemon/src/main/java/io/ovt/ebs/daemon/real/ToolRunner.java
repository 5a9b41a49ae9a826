package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandException;
import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.function.Function;

/** Runs a tool's command and turns a failure into a typed error classified from its stderr. */
final class ToolRunner {
  private final CommandRunner runner;
  private final Function<String, ErrorCode> classifier;

  /**
   * @param classifier maps a failed command's stderr to the error code it means
   */
  ToolRunner(CommandRunner runner, Function<String, ErrorCode> classifier) {
    this.runner = runner;
    this.classifier = classifier;
  }

  /** The result of a command that must succeed. */
  CommandResult run(Command command) throws StorageException {
    CommandResult result = attempt(command);
    if (!result.ok()) {
      // A tool may echo what it was given (targetcli prints the values it sets): mask secrets.
      String stderr = command.redact(result.stderr().strip());
      throw new StorageException(
          classifier.apply(stderr),
          String.join(" ", command.shownArgv())
              + " failed (exit "
              + result.exitCode()
              + "): "
              + firstLine(stderr.isEmpty() ? command.redact(result.stdout().strip()) : stderr),
          command.shownArgv(),
          stderr);
    }
    return result;
  }

  /** The result of a command whose failure the caller interprets itself. */
  CommandResult attempt(Command command) throws StorageException {
    try {
      return runner.run(command);
    } catch (CommandException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED, command.redact(e.getMessage()), command.shownArgv(), null);
    }
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
