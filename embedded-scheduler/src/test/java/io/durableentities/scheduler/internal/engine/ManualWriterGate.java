package io.durableentities.scheduler.internal.engine;

import java.util.concurrent.TimeUnit;

/**
 * A writer gate a test shuts and opens by hand. {@link #shut()} returns once the writer waits at
 * the gate, having finished what it took before; from then on it takes nothing until {@link
 * #open()}, so the requests made meanwhile are queued and taken together.
 */
final class ManualWriterGate implements WriterGate {

  private static final long TIMEOUT_SECONDS = 20;

  private boolean shut;

  /** Whether the writer is inside {@link #pass()} (it has taken nothing since it came in). */
  private boolean writerWaiting;

  @Override
  public synchronized void pass() throws InterruptedException {
    while (shut) {
      writerWaiting = true;
      notifyAll();
      wait();
    }
    writerWaiting = false;
  }

  /**
   * Shuts the gate and waits until the writer stands at it.
   *
   * @throws IllegalStateException when the writer did not come within 20 s (it is stuck in a group,
   *     or the engine is closed); the gate is open again then
   */
  synchronized void shut() throws InterruptedException {
    shut = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!writerWaiting) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        open();
        throw new IllegalStateException(
            "The scheduler writer did not come to its gate within "
                + TIMEOUT_SECONDS
                + " s: it is stuck in a group, or the engine is not running");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Shuts the gate without waiting for the writer (for an engine about to start). */
  synchronized void shutNow() {
    shut = true;
    writerWaiting = false;
  }

  /** Lets the writer take work again. */
  synchronized void open() {
    shut = false;
    notifyAll();
  }
}
