package io.ovt.ebs.daemon.command;

import java.time.Duration;
import java.util.List;

/**
 * One external command.
 *
 * @param argv program and arguments; no shell ever interprets them
 * @param stdin bytes to write to the command's standard input, or empty
 * @param timeout how long it may run before it is killed
 * @param secrets values in the arguments, input or output that must never be logged or reported
 *     (CHAP passwords): {@link #shownArgv()} and {@link #redact(String)} mask them
 */
public record Command(List<String> argv, String stdin, Duration timeout, List<String> secrets) {
  /** The default time a storage command may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final String MASK = "***";

  public Command {
    argv = List.copyOf(argv);
    stdin = stdin == null ? "" : stdin;
    secrets =
        secrets == null
            ? List.of()
            : secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
  }

  /** A command without secrets. */
  public Command(List<String> argv, String stdin, Duration timeout) {
    this(argv, stdin, timeout, List.of());
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
    return new Command(argv, input, timeout, secrets);
  }

  /** The same command, with values that must never be shown. */
  public Command withSecrets(List<String> values) {
    return new Command(
        argv,
        stdin,
        timeout,
        java.util.stream.Stream.concat(secrets.stream(), values.stream()).toList());
  }

  /** The arguments as they may be logged and reported: every secret masked. */
  public List<String> shownArgv() {
    return secrets.isEmpty() ? argv : argv.stream().map(this::redact).toList();
  }

  /** The text with every secret masked; for the command's output before it is reported. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String shown = text;
    for (String secret : secrets) {
      shown = shown.replace(secret, MASK);
    }
    return shown;
  }

  /** The program's name, as metrics and logs group commands. */
  public String tool() {
    String program = argv.get(0);
    return program.substring(program.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return "Command[argv=" + shownArgv() + ", timeout=" + timeout + "]";
  }
}
