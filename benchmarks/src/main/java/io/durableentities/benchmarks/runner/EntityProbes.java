package io.durableentities.benchmarks.runner;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the benchmark entities report to the runner in the same process: operations applied (the
 * entity's state changed), never acknowledgements.
 */
final class EntityProbes {

  private static final AtomicLong COUNTER_APPLIED = new AtomicLong();
  private static final AtomicLong ACCOUNT_DEPOSITS = new AtomicLong();
  private static final Semaphore STAMPS = new Semaphore(0);
  private static volatile long lastStampAppliedAt;
  private static volatile long lastStampSentAt;

  private EntityProbes() {}

  static void counterApplied() {
    COUNTER_APPLIED.incrementAndGet();
  }

  static void accountDeposited() {
    ACCOUNT_DEPOSITS.incrementAndGet();
  }

  static void stampApplied(long sentAtNanos) {
    long now = System.nanoTime();
    COUNTER_APPLIED.incrementAndGet();
    lastStampSentAt = sentAtNanos;
    lastStampAppliedAt = now;
    STAMPS.release();
  }

  /** Counter operations applied since the last {@link #reset()}. */
  static long counterOps() {
    return COUNTER_APPLIED.get();
  }

  /** Account deposits applied since the last {@link #reset()}. */
  static long accountDeposits() {
    return ACCOUNT_DEPOSITS.get();
  }

  /**
   * Waits until the stamp sent at {@code sentAtNanos} is applied and returns when it was applied.
   *
   * @throws IllegalStateException when it is not applied within the timeout
   */
  static long awaitStamp(long sentAtNanos, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !STAMPS.tryAcquire(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(
            "the stamp signal sent at " + sentAtNanos + " was not applied within " + timeoutMillis);
      }
      if (lastStampSentAt == sentAtNanos) {
        return lastStampAppliedAt;
      }
    }
  }

  /** Starts counting from zero (each repetition runs against a fresh scheduler). */
  static void reset() {
    COUNTER_APPLIED.set(0);
    ACCOUNT_DEPOSITS.set(0);
    STAMPS.drainPermits();
  }
}
