package io.durableentities.testing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hold on the virtual clock ({@link DurableTestEnvironment#holdClock()}): while any is open, time
 * skips no more on its own. Closing it releases the hold (once; closing again does nothing).
 */
public final class ClockHold implements AutoCloseable {

  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  ClockHold(Runnable release) {
    this.release = release;
  }

  /** Releases the hold. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
