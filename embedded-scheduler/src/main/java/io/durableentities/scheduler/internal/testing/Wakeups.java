package io.durableentities.scheduler.internal.testing;

import io.durableentities.scheduler.internal.engine.WriterGate;
import java.util.concurrent.TimeUnit;

/**
 * The writer's gate for the virtual clock: never holds the writer; on each pass (after each group,
 * and every 50 ms while the writer waits for work) it gives the clock its turn on the writer
 * thread, then counts the pass so that a caller can wait for the engine to have moved on instead of
 * polling on a timer.
 */
final class Wakeups implements WriterGate {

  private final Runnable turn;
  private long count;

  Wakeups(Runnable turn) {
    this.turn = turn;
  }

  @Override
  public void pass() {
    try {
      turn.run();
    } finally {
      signal();
    }
  }

  private synchronized void signal() {
    count++;
    notifyAll();
  }

  /** How many passes so far. */
  synchronized long count() {
    return count;
  }

  /**
   * Waits until there were more than {@code seen} passes.
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
