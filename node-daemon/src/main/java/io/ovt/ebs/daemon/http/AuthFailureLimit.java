package io.ovt.ebs.daemon.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many failed authentications each peer address may make in a window: past the budget its
 * requests are refused unread until the window has moved on, so a token cannot be guessed at speed.
 * Hand-written: a sliding window of timestamps per address is all it needs.
 */
final class AuthFailureLimit {
  private final int budget;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Map<InetAddress, Deque<Long>> failures = new ConcurrentHashMap<>();

  /** {@code budget} failures per {@code window} per address, on the given monotonic clock. */
  AuthFailureLimit(int budget, Duration window, LongSupplier nanoTime) {
    this.budget = budget;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The limit of a daemon: 20 failures a minute per address. */
  static AuthFailureLimit standard() {
    return new AuthFailureLimit(20, Duration.ofMinutes(1), System::nanoTime);
  }

  /** Whether the address has used up its failures in the current window. */
  boolean exhausted(InetAddress peer) {
    Deque<Long> seen = failures.get(peer);
    if (seen == null) {
      return false;
    }
    synchronized (seen) {
      expire(seen);
      return seen.size() >= budget;
    }
  }

  /** One more failed authentication from the address. */
  void failed(InetAddress peer) {
    Deque<Long> seen = failures.computeIfAbsent(peer, p -> new ArrayDeque<>());
    synchronized (seen) {
      expire(seen);
      seen.addLast(nanoTime.getAsLong());
    }
    // Addresses whose failures all expired are dropped, so the map cannot grow without bound.
    failures.values().removeIf(this::expiredAll);
  }

  private boolean expiredAll(Deque<Long> seen) {
    synchronized (seen) {
      expire(seen);
      return seen.isEmpty();
    }
  }

  private void expire(Deque<Long> seen) {
    long now = nanoTime.getAsLong();
    while (!seen.isEmpty() && now - seen.peekFirst() >= windowNanos) {
      seen.removeFirst();
    }
  }
}
