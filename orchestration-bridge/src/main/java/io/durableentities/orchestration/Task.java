package io.durableentities.orchestration;

import java.util.function.Function;

/**
 * A durable task of an orchestration: an activity, sub-orchestration, timer, external event or
 * entity call, whose outcome is recorded in (and replayed from) the orchestration's history.
 *
 * <p>Tasks are created only by the {@link OrchestrationContext} and {@link OrchestrationEntities}
 * of the running orchestration; do not implement this interface. Start several tasks before
 * awaiting any of them to run them in parallel, and combine them with {@link
 * OrchestrationContext#allOf} and {@link OrchestrationContext#anyOf}.
 *
 * <pre>{@code
 * Task<Long> a = ctx.callActivity("CountA", null, Long.class);
 * Task<Long> b = ctx.callActivity("CountB", null, Long.class);
 * long total = a.await() + b.await();
 * }</pre>
 *
 * @param <V> the result type
 */
public interface Task<V> {

  /**
   * Waits for the task and returns its result. While replaying, a task recorded as complete returns
   * at once; a task that is not complete yet ends the current episode: the runtime unwinds the
   * orchestration with an internal {@code Error} (so never catch {@code Throwable} or {@code Error}
   * in orchestration code) and runs it again when the result arrives.
   *
   * @return the result; null for tasks without one
   * @throws TaskFailedException if an activity or sub-orchestration failed
   * @throws TaskCanceledException if a timeout expired first
   * @throws io.durableentities.core.EntityOperationFailedException if an entity operation failed
   */
  V await();

  /**
   * Tells whether the task has completed, successfully or not. Never waits.
   *
   * @return whether the task is done
   */
  boolean isDone();

  /**
   * Tells whether the task has completed with a failure. Never waits.
   *
   * @return whether the task is done and failed
   */
  boolean isFailed();

  /**
   * Returns a task that completes with {@code fn} applied to this task's result. The function runs
   * on the orchestration thread, deterministically, as soon as this task completes; it must not
   * await other tasks. If this task fails, the returned task fails with the same exception; if
   * {@code fn} throws, the returned task fails with that exception.
   *
   * @param fn the function of the result
   * @param <R> the new result type
   * @return the derived task
   */
  <R> Task<R> thenApply(Function<? super V, ? extends R> fn);
}
