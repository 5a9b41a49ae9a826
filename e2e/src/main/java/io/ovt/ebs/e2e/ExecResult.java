package io.ovt.ebs.e2e;

import java.time.Duration;
import java.util.List;

/**
 * What a command run in a guest did.
 *
 * @param vm the virtual machine it ran in
 * @param argv the command
 * @param exitCode its exit code; 128 + signal number when a signal ended it
 * @param stdout its standard output (UTF-8)
 * @param stderr its standard error (UTF-8)
 * @param elapsed wall time from start to the harness seeing it exit
 */
public record ExecResult(
    String vm, List<String> argv, int exitCode, String stdout, String stderr, Duration elapsed) {

  /** Whether the command exited with 0. */
  public boolean ok() {
    return exitCode == 0;
  }

  /** This result when the command succeeded, else a VmException with everything it printed. */
  public ExecResult orThrow() {
    if (!ok()) {
      throw new VmException(describe());
    }
    return this;
  }

  /** The command, exit code and output, for failure messages. */
  public String describe() {
    return vm
        + "$ "
        + String.join(" ", argv)
        + "\nexit "
        + exitCode
        + " after "
        + elapsed.toMillis()
        + " ms"
        + (stdout.isEmpty() ? "" : "\n--- stdout\n" + stdout)
        + (stderr.isEmpty() ? "" : "\n--- stderr\n" + stderr);
  }
}
