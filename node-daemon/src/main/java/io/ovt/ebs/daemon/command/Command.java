package io.ovt.ebs.daemon.command;

import java.time.Duration;
import java.util.List;

/**
 * One external command.
 *
 * @param argv program and arguments; no shell ever interprets them
 * @param stdin bytes to write to the command's standard input, or empty
 * @param timeout how long it may run before it is killed
 */
public record Command(List<String> argv, String stdin, Duration timeout) {
  /** The default time a storage command may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public Command {
    argv = List.copyOf(argv);
    stdin = stdin == null ? "" : stdin;
  }

  /** A command with no input and the default timeout. */
  public static Command of(String... argv) {
    return new Command(List.of(argv), "", DEFAULT_TIMEOUT);
  }

  /** A command with no input and the default timeout. */
  public static Command of(List<String> argv) {
    return new Command(argv, "", DEFAULT_TIMEOUT);
  }

  /** The same command fed this input. */
  public Command withStdin(String input) {
    return new Command(argv, input, timeout);
  }

  /** The program's name, as metrics and logs group commands. */
  public String tool() {
    String program = argv.get(0);
    return program.substring(program.lastIndexOf('/') + 1);
  }
}
