package io.durableentities.client;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for conditions with a deadline (no fixed sleeps). */
final class Await {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private Await() {}

  /**
   * Waits until a condition holds.
   *
   * @param what the condition, for the failure message
   * @param condition the condition
   */
  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + DEADLINE + " waiting until " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  /**
   * Waits until a value satisfies a condition and returns it.
   *
   * @param what the condition, for the failure message
   * @param value computes the value
   * @param condition the condition on the value
   * @param <T> the value type
   * @return the value
   */
  static <T> T until(String what, Supplier<T> value, java.util.function.Predicate<T> condition) {
    Object[] last = new Object[1];
    until(
        what,
        () -> {
          T current = value.get();
          last[0] = current;
          return condition.test(current);
        });
    @SuppressWarnings("unchecked")
    T result = (T) last[0];
    return result;
  }
}
