package io.durableentities.samples.counters;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on conditions with deadlines, never for a fixed time. */
public final class Conditions {

  private static final long POLL_MILLIS = 20;

  private Conditions() {}

  /**
   * Polls a condition until it holds.
   *
   * @param what what is awaited, for the error
   * @param timeout the deadline
   * @param condition the condition
   * @throws IllegalStateException when the deadline passes or the thread is interrupted
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
