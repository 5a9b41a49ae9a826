package io.ovt.ebs.daemon.converge;

/**
 * Where the daemon's background initialisation of one volume's LV stands.
 *
 * @param phase whether a copy runs, failed, finished or was never started by this daemon
 * @param percent how much of it is done
 * @param error why the last attempt failed, or null
 */
public record InitProgress(Phase phase, double percent, String error) {
  /** No copy started since this daemon started (or since the last one was forgotten). */
  public static final InitProgress NONE = new InitProgress(Phase.NONE, 0, null);

  /** The phases of a copy. */
  public enum Phase {
    NONE,
    RUNNING,
    FAILED,
    /** Failed in a way another attempt cannot mend (a bad image): not tried again. */
    REFUSED,
    DONE
  }
}
