package io.ovt.ebs.daemon.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands as child processes: no shell, a fixed environment (C locale, so parsers see the
 * tools' English output), stdout and stderr drained concurrently so a chatty tool cannot block.
 */
public final class ProcessCommandRunner implements CommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);

  // Own threads for draining: blocking reads on the common pool (one thread on two cores) could
  // leave stderr undrained and the child blocked on a full pipe.
  private final ExecutorService drainers =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "command-output");
            thread.setDaemon(true);
            return thread;
          });

  @Override
  public CommandResult run(Command command) throws CommandException {
    ProcessBuilder builder = new ProcessBuilder(command.argv());
    Map<String, String> env = builder.environment();
    env.put("LC_ALL", "C");
    env.put("LANG", "C");
    // LVM warns about leaked descriptors of the JVM; the warning is noise in parsed output.
    env.put("LVM_SUPPRESS_FD_WARNINGS", "1");
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CommandException(command.shownArgv(), "cannot start: " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The command closed its input early; what it printed says why.
    }
    try {
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new CommandException(
            command.shownArgv(), "timed out after " + command.timeout(), null);
      }
      CommandResult result = new CommandResult(process.exitValue(), stdout.get(), stderr.get());
      LOG.debug(
          "{} -> {} in {} ms",
          command.shownArgv(),
          result.exitCode(),
          (System.nanoTime() - started) / 1_000_000);
      return result;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CommandException(command.shownArgv(), "interrupted", e);
    } catch (ExecutionException e) {
      throw new CommandException(command.shownArgv(), "cannot read its output", e);
    }
  }

  private CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        drainers);
  }
}
