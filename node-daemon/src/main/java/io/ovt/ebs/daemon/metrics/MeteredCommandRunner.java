package io.ovt.ebs.daemon.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandException;
import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.command.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Times every command another runner runs, by tool and outcome: {@code
 * ebs_daemon_command_seconds{tool,outcome}}. The tool is the program's file name, so the series
 * stay few (lvs, lvcreate, drbdadm, drbdsetup, targetcli...) whatever the arguments.
 */
public final class MeteredCommandRunner implements CommandRunner {
  /** How a command ended. */
  enum Outcome {
    /** Exit code 0. */
    ok,
    /** It ran and exited non-zero: the tool refused or failed. */
    exit_nonzero,
    /** It could not start, ran out of time or was interrupted. */
    error
  }

  private final CommandRunner inner;
  private final MeterRegistry registry;

  public MeteredCommandRunner(CommandRunner inner, MeterRegistry registry) {
    this.inner = inner;
    this.registry = registry;
  }

  @Override
  public CommandResult run(Command command) throws CommandException {
    long start = System.nanoTime();
    Outcome outcome = Outcome.error;
    try {
      CommandResult result = inner.run(command);
      outcome = result.exitCode() == 0 ? Outcome.ok : Outcome.exit_nonzero;
      return result;
    } finally {
      Timer.builder("ebs_daemon_command_seconds")
          .description("External commands the daemon ran, by tool and outcome")
          .tags("tool", tool(command), "outcome", outcome.name())
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static String tool(Command command) {
    Path program = Path.of(command.argv().get(0)).getFileName();
    return program == null ? command.argv().get(0) : program.toString();
  }
}
