package io.durableentities.benchmarks.runner;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces sends shared by several threads at a steady rate: each send gets the next slot of a fixed
 * schedule and waits for it. When the product falls behind, the schedule keeps at most one second
 * of missed slots, so a slow spell is not followed by a burst that would not be steady load.
 */
final class Pacer {

  private static final long MAX_DEBT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long intervalNanos;
  private final AtomicLong next;

  /**
   * A pacer at {@code perSecond} sends per second, starting now.
   *
   * @param perSecond the rate, above zero
   */
  Pacer(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("a pacer needs a rate above 0, was " + perSecond);
    }
    this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
    this.next = new AtomicLong(System.nanoTime());
  }

  /** Waits for the next slot of the schedule. */
  void await() throws InterruptedException {
    long now = System.nanoTime();
    long slot = next.getAndUpdate(n -> Math.max(n, now - MAX_DEBT_NANOS) + intervalNanos);
    slot = Math.max(slot, now - MAX_DEBT_NANOS);
    long wait;
    while ((wait = slot - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
