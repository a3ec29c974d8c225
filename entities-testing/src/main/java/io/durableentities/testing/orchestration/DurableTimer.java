package io.durableentities.testing.orchestration;

import java.time.Instant;

/**
 * A durable timer the orchestration created: directly ({@code createTimer}), or for a retry delay
 * or an event timeout, which the runtime makes durable timers too.
 */
public final class DurableTimer {

  private final Instant createdAt;
  private final Instant fireAt;
  private final boolean fired;

  DurableTimer(Instant createdAt, Instant fireAt, boolean fired) {
    this.createdAt = createdAt;
    this.fireAt = fireAt;
    this.fired = fired;
  }

  DurableTimer fire() {
    return new DurableTimer(createdAt, fireAt, true);
  }

  /**
   * Returns when the orchestration created it, on the virtual clock.
   *
   * @return the virtual time
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Returns when it is due.
   *
   * @return the virtual time it fires at
   */
  public Instant fireAt() {
    return fireAt;
  }

  /**
   * Tells whether it fired (was delivered to the orchestration).
   *
   * @return true once fired
   */
  public boolean fired() {
    return fired;
  }

  /**
   * Describes the timer.
   *
   * @return such as {@code timer 2025-01-08T00:00:00Z fired}
   */
  @Override
  public String toString() {
    return "timer " + fireAt + (fired ? " fired" : " pending");
  }
}
