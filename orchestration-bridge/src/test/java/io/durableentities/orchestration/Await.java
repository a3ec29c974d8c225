package io.durableentities.orchestration;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for conditions with a deadline (no fixed sleeps). */
final class Await {

  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private Await() {}

  /**
   * Waits until a value satisfies a condition and returns it.
   *
   * @param what the condition, for the failure message
   * @param value computes the value
   * @param condition the condition on the value
   * @param <T> the value type
   * @return the value
   */
  static <T> T until(String what, Supplier<T> value, Predicate<T> condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      T current = value.get();
      if (condition.test(current)) {
        return current;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + DEADLINE + " waiting until " + what + "; last: " + current);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
