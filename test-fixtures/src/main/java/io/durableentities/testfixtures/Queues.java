package io.durableentities.testfixtures;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Takes what a fake sidecar recorded from its queues, with a deadline. */
public final class Queues {

  /** How long {@link #poll} waits: generous for a loaded 2-core machine. */
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private Queues() {}

  /**
   * Takes the next element of a queue, failing after {@link #DEADLINE}.
   *
   * @param queue the queue
   * @param what what is awaited, for the failure message
   * @param <T> the element type
   * @return the element
   * @throws AssertionError when nothing arrives in time
   */
  public static <T> T poll(BlockingQueue<T> queue, String what) {
    try {
      T value = queue.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      if (value == null) {
        throw new AssertionError("Timed out after " + DEADLINE + " waiting for " + what);
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + what, e);
    }
  }

  /**
   * Tells whether nothing arrives on a queue for a while (to check that something does not happen).
   *
   * @param queue the queue
   * @param wait how long to watch
   * @return whether it stayed empty
   */
  public static boolean staysEmpty(BlockingQueue<?> queue, Duration wait) {
    try {
      return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while watching a queue", e);
    }
  }
}
