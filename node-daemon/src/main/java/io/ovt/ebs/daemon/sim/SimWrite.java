package io.ovt.ebs.daemon.sim;

/**
 * One client write to a simulated device, as the client sees it: written (acknowledged), held while
 * the device's I/O is suspended, or failed with an I/O error.
 */
public final class SimWrite {
  /** Where the write is. */
  public enum State {
    /** Suspended I/O holds it; the client waits. */
    HELD,
    /** On disk (and on a connected peer): acknowledged to the client. */
    WRITTEN,
    /** Failed with an I/O error: never acknowledged. */
    FAILED
  }

  final String volume;
  final SimData.Write write;
  private volatile State state = State.HELD;
  private volatile String error;

  SimWrite(String volume, SimData.Write write) {
    this.volume = volume;
    this.write = write;
  }

  /** Where the write is now. */
  public State state() {
    return state;
  }

  /** True once the client was told the write is done. */
  public boolean acknowledged() {
    return state == State.WRITTEN;
  }

  /** Why it failed, or null. */
  public String error() {
    return error;
  }

  void written() {
    state = State.WRITTEN;
  }

  void failed(String why) {
    error = why;
    state = State.FAILED;
  }

  @Override
  public String toString() {
    return write.token() + "@" + volume + ": " + state + (error == null ? "" : " (" + error + ")");
  }
}
