package io.ovt.ebs.daemon.command;

/**
 * What a finished command returned.
 *
 * @param exitCode its exit code
 * @param stdout standard output
 * @param stderr standard error
 */
public record CommandResult(int exitCode, String stdout, String stderr) {
  /** True for exit code 0. */
  public boolean ok() {
    return exitCode == 0;
  }
}
