package io.durableentities.samples.counters.docs;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers for the docs examples' tests. */
final class Examples {

  private Examples() {}

  /**
   * Polls a condition until it holds or the deadline passes.
   *
   * @return whether it held
   */
  static boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
