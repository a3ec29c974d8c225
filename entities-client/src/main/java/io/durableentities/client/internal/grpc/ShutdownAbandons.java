package io.durableentities.client.internal.grpc;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The abandons a closing worker sends for the items it gives back, and the wait for their answers:
 * ending the work-item stream first would hand the items back as lost work, which counts toward
 * their delivery attempts. Thread-safe.
 */
final class ShutdownAbandons {

  /** The worker's logger: these lines were always the worker runtime's. */
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  /** How long a closing worker waits for the answers to its shutdown abandons. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

  private final Queue<CompletableFuture<Void>> answers = new ConcurrentLinkedQueue<>();

  /**
   * Abandons an item for shutdown, unless it was already completed or abandoned, and remembers the
   * call.
   *
   * @param work the item
   * @param reason why, for the scheduler's logs
   * @return whether this call abandoned it
   */
  boolean abandon(WorkItemContext work, String reason) {
    if (!work.abandonForShutdown(reason)) {
      return false;
    }
    answers.add(work.abandonAnswered());
    return true;
  }

  /** Waits (briefly) until the scheduler answered the abandons. */
  void awaitAnswers() {
    try {
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .get(ANSWER_WAIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Not every shutdown abandon was answered; ending the stream anyway", e);
    }
  }
}
