package io.ovt.ebs.daemon.fencing;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the granted lease duration outlives the daemon process, so that a daemon restarted while
 * isolated is still armed and fences (see {@link LeaseFile}).
 */
public interface LeaseStore {
  /** The duration last granted, or empty when this node never held a lease. */
  Optional<Duration> load() throws IOException;

  /** Records the granted duration. */
  void save(Duration duration) throws IOException;

  /**
   * A store in memory: survives a restart of the daemon object in this process (simulated hosts,
   * whose storage lives in memory too), not of the process.
   */
  static LeaseStore inMemory() {
    AtomicReference<Duration> saved = new AtomicReference<>();
    return new LeaseStore() {
      @Override
      public Optional<Duration> load() {
        return Optional.ofNullable(saved.get());
      }

      @Override
      public void save(Duration duration) {
        saved.set(duration);
      }
    };
  }
}
