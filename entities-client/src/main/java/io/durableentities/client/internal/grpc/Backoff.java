package io.durableentities.client.internal.grpc;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th delay is uniformly random between zero and {@code
 * min(max, initial * 2^(n-1))}.
 */
public final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private int attempt;

  /**
   * Creates a backoff.
   *
   * @param initial the bound of the first delay
   * @param max the largest bound
   */
  public Backoff(Duration initial, Duration max) {
    this.initialNanos = Math.max(1, initial.toNanos());
    this.maxNanos = Math.max(initialNanos, max.toNanos());
  }

  /**
   * Returns the next delay and grows the bound.
   *
   * @return the delay
   */
  public synchronized Duration next() {
    long bound = initialNanos;
    for (int i = 0; i < attempt && bound < maxNanos; i++) {
      bound *= 2;
    }
    bound = Math.min(bound, maxNanos);
    attempt++;
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** Starts again from the initial bound. */
  public synchronized void reset() {
    attempt = 0;
  }
}
