package io.durableentities.scheduler.internal.testing;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until it is moved forward; the engine reads every time from it. Moved
 * only by {@link VirtualTimeScheduler} on the engine's writer thread.
 */
final class VirtualClock implements InstantSource {

  private final AtomicLong millis;

  VirtualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  /** Moves the clock to {@code target} when that is later; never back. */
  void moveTo(long target) {
    millis.accumulateAndGet(target, Math::max);
  }
}
