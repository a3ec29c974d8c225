package io.durableentities.scheduler.internal.testing;

import io.durableentities.scheduler.internal.engine.WriterGate;
import java.util.concurrent.TimeUnit;

/**
 * Counts the moments the engine may have changed, so that a caller can wait for one instead of
 * polling on a timer: each pass of the writer's gate (after each group, and at least every 50 ms
 * while the writer waits for work) and each change of the number of waiting calls. As a gate it
 * never holds the writer.
 */
final class Wakeups implements WriterGate {

  private long count;

  @Override
  public void pass() {
    signal();
  }

  /** Counts one wakeup and wakes the waiting callers. */
  synchronized void signal() {
    count++;
    notifyAll();
  }

  /** How many wakeups so far. */
  synchronized long count() {
    return count;
  }

  /**
   * Waits until there were more than {@code seen} wakeups.
   *
   * @return false when {@code timeoutNanos} elapsed first
   */
  synchronized boolean awaitBeyond(long seen, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (count <= seen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
