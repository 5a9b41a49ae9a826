package io.ovt.ebs.daemon.fencing;

/**
 * A monotonic clock in nanoseconds ({@link System#nanoTime()} in production): the lease must not
 * move when the wall clock is set. Tests inject one they advance by hand.
 */
@FunctionalInterface
public interface NanoClock {
  /** The current reading; only differences between readings mean anything. */
  long nanoTime();

  /** The JVM's monotonic clock. */
  static NanoClock system() {
    return System::nanoTime;
  }
}
