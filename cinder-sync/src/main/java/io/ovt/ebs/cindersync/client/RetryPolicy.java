package io.ovt.ebs.cindersync.client;

import java.time.Duration;

/**
 * Exponential backoff for transient failures: {@code attempts} tries in all, waiting {@code
 * initialDelay}, then twice that, and so on, never more than {@code maxDelay} between two tries.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Sleeper sleeper) {

  /** Waits between two tries; tests pass one that records instead of waiting. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
  }

  /** Six tries over about half a minute: enough for a Cinder API restart behind a proxy. */
  public static RetryPolicy standard() {
    return new RetryPolicy(
        6, Duration.ofMillis(500), Duration.ofSeconds(10), d -> Thread.sleep(d.toMillis()));
  }

  /** The wait after the {@code failedAttempt}-th failure (1-based). */
  public Duration delayAfter(int failedAttempt) {
    Duration delay = initialDelay;
    for (int i = 1; i < failedAttempt && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
