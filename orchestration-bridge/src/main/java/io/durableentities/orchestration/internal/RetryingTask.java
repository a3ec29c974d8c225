package io.durableentities.orchestration.internal;

import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.RetryPolicy;
import io.durableentities.orchestration.TaskFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs a task with a {@link RetryPolicy}: after a failed attempt it creates a durable timer and
 * schedules a new attempt when the timer fires. Everything happens in event handlers, in history
 * order, so the action ids are the same on every replay.
 */
final class RetryingTask {

  private final ReplayContext runtime;
  private final RetryPolicy policy;
  private final Supplier<DurableTask<Object>> attempt;
  private final DurableTask<Object> result;
  private final Instant firstAttemptAt;
  private int attempts;

  private RetryingTask(
      ReplayContext runtime, RetryPolicy policy, Supplier<DurableTask<Object>> attempt) {
    this.runtime = runtime;
    this.policy = policy;
    this.attempt = attempt;
    this.result = runtime.newTask();
    this.firstAttemptAt = runtime.currentUtcDateTime();
  }

  /** Starts the first attempt; without a policy, the attempt's task is the result. */
  static DurableTask<Object> start(
      ReplayContext runtime, RetryPolicy policy, Supplier<DurableTask<Object>> attempt) {
    if (policy == null) {
      return attempt.get();
    }
    RetryingTask retrying = new RetryingTask(runtime, policy, attempt);
    retrying.next();
    return retrying.result;
  }

  private void next() {
    attempts++;
    DurableTask<Object> task = attempt.get();
    task.onDone(() -> onAttemptDone(task));
  }

  private void onAttemptDone(DurableTask<Object> task) {
    if (!task.isFailed()) {
      result.complete(task.value());
      return;
    }
    RuntimeException failure = task.failure();
    FailureDetails details =
        failure instanceof TaskFailedException failed
            ? failed.failureDetails()
            : FailureDetails.from(failure);
    boolean retriable;
    try {
      retriable = attempts < policy.maxAttempts() && policy.handles(details);
    } catch (RuntimeException predicateFailed) {
      result.fail(predicateFailed);
      return;
    }
    if (!retriable) {
      result.fail(failure);
      return;
    }
    Duration delay = policy.delayAfter(attempts);
    Instant nextAttemptAt = runtime.currentUtcDateTime().plus(delay);
    if (policy.retryTimeout() != null
        && nextAttemptAt.isAfter(firstAttemptAt.plus(policy.retryTimeout()))) {
      result.fail(failure);
      return;
    }
    if (runtime.episode().isEnded()) {
      result.fail(failure);
      return;
    }
    runtime.timer(nextAttemptAt).onDone(this::next);
  }
}
