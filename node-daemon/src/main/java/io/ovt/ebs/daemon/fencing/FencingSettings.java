package io.ovt.ebs.daemon.fencing;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a daemon's fencing runs.
 *
 * @param store where the granted lease duration is recorded
 * @param clock the monotonic clock the lease is measured on
 * @param watchdogInterval how often the watchdog looks at the lease; null runs no watchdog (tests
 *     call {@link Fencing#check()} themselves)
 */
public record FencingSettings(LeaseStore store, NanoClock clock, Duration watchdogInterval) {
  /** The lease recorded in memory only, on the system's monotonic clock. */
  public static FencingSettings inMemory() {
    return new FencingSettings(LeaseStore.inMemory(), NanoClock.system(), FencingWatchdog.INTERVAL);
  }

  /** The lease recorded in {@link LeaseFile} under {@code stateDir}. */
  public static FencingSettings recordedIn(Path stateDir) {
    return new FencingSettings(
        new LeaseFile(stateDir), NanoClock.system(), FencingWatchdog.INTERVAL);
  }

  /** The same, with the lease recorded in {@code store}. */
  public FencingSettings withStore(LeaseStore other) {
    return new FencingSettings(other, clock, watchdogInterval);
  }
}
