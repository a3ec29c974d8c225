package io.durableentities.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A test clock that starts at a fixed instant and advances by a fixed step on every read. */
public final class TickingClock extends Clock {

  private Instant next;
  private final Duration step;

  /**
   * Creates a clock.
   *
   * @param start the first instant returned
   * @param step how much each read advances the clock
   */
  public TickingClock(Instant start, Duration step) {
    this.next = start;
    this.step = step;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    Instant now = next;
    next = next.plus(step);
    return now;
  }
}
