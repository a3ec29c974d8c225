package io.durableentities.orchestration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * What a running orchestration sees: its identity and input, a deterministic clock and id source,
 * and the durable operations (activities, sub-orchestrations, timers, external events, entities).
 *
 * <p>Every method must be called on the orchestration thread (the thread that runs {@link
 * Orchestration#run}). Parameters are non-null unless documented otherwise; inputs and results are
 * converted with the registry's {@link io.durableentities.core.DataConverter}.
 */
public interface OrchestrationContext {

  /**
   * Returns the id of this orchestration instance.
   *
   * @return the instance id
   */
  String instanceId();

  /**
   * Returns the name this orchestration was started by.
   *
   * @return the orchestration name
   */
  String name();

  /**
   * Returns the version the instance was started with, for code that branches on it (compare with
   * {@link OrchestrationVersioning#compare}); it stays the same across continue-as-new.
   *
   * <pre>{@code
   * if (OrchestrationVersioning.compare(ctx.version(), "2.0") >= 0) {
   *   ctx.callActivity("SendReceipt", order, Void.class).await();   // added in 2.0
   * }
   * }</pre>
   *
   * @return the version, empty when the instance has none
   */
  String version();

  /**
   * Returns the input the orchestration was started (or continued-as-new) with.
   *
   * @param type the input type
   * @param <T> the input type
   * @return the input; null when there is none
   */
  <T> T input(Class<T> type);

  /**
   * Returns the orchestration's current time: the time the current episode started, as recorded in
   * history. It is the same on every replay; use it instead of the system clock.
   *
   * @return the current orchestration time (UTC)
   */
  Instant currentUtcDateTime();

  /**
   * Tells whether the code is replaying history it has already run. Use it to skip side effects
   * such as logging; see {@link #replaySafeLogger}.
   *
   * @return true while replaying recorded history
   */
  boolean isReplaying();

  /**
   * Returns a new UUID that is the same on every replay: a name-based (version 5) UUID over the
   * instance id, the current orchestration time and a counter.
   *
   * @return a deterministic UUID
   */
  UUID newUuid();

  /**
   * Schedules an activity.
   *
   * @param name the activity name
   * @param input the input, may be null
   * @param resultType the result type
   * @param <V> the result type
   * @return the activity's task
   */
  default <V> Task<V> callActivity(String name, Object input, Class<V> resultType) {
    return callActivity(name, input, resultType, TaskOptions.defaults());
  }

  /**
   * Schedules an activity with options such as a {@link RetryPolicy}.
   *
   * @param name the activity name
   * @param input the input, may be null
   * @param resultType the result type
   * @param options the task options
   * @param <V> the result type
   * @return the activity's task; it fails with {@link TaskFailedException}
   */
  <V> Task<V> callActivity(String name, Object input, Class<V> resultType, TaskOptions options);

  /**
   * Starts a sub-orchestration with a deterministic instance id ({@link #newUuid()}).
   *
   * @param name the orchestration name
   * @param input the input, may be null
   * @param resultType the result type
   * @param <V> the result type
   * @return the sub-orchestration's task
   * @throws CriticalSectionViolationException inside a critical section
   */
  default <V> Task<V> callSubOrchestration(String name, Object input, Class<V> resultType) {
    return callSubOrchestration(name, input, null, resultType, TaskOptions.defaults());
  }

  /**
   * Starts a sub-orchestration with a given instance id.
   *
   * @param name the orchestration name
   * @param input the input, may be null
   * @param instanceId the instance id of the sub-orchestration; null for a deterministic one
   * @param resultType the result type
   * @param <V> the result type
   * @return the sub-orchestration's task
   * @throws CriticalSectionViolationException inside a critical section
   */
  default <V> Task<V> callSubOrchestration(
      String name, Object input, String instanceId, Class<V> resultType) {
    return callSubOrchestration(name, input, instanceId, resultType, TaskOptions.defaults());
  }

  /**
   * Starts a sub-orchestration.
   *
   * @param name the orchestration name
   * @param input the input, may be null
   * @param instanceId the instance id of the sub-orchestration; null for a deterministic one
   * @param resultType the result type
   * @param options the task options, such as a {@link RetryPolicy}
   * @param <V> the result type
   * @return the sub-orchestration's task; it fails with {@link TaskFailedException}
   * @throws CriticalSectionViolationException inside a critical section
   */
  <V> Task<V> callSubOrchestration(
      String name, Object input, String instanceId, Class<V> resultType, TaskOptions options);

  /**
   * Creates a durable timer that fires after a delay, measured from {@link #currentUtcDateTime()}.
   *
   * @param delay the delay, not negative
   * @return the timer's task
   */
  default Task<Void> createTimer(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("A timer delay must not be negative, was " + delay);
    }
    return createTimer(currentUtcDateTime().plus(delay));
  }

  /**
   * Creates a durable timer that fires at a point in time.
   *
   * @param fireAt when the timer fires
   * @return the timer's task
   */
  Task<Void> createTimer(Instant fireAt);

  /**
   * Waits for an external event (raised by a client with the instance id and the event name).
   * Events that arrive before they are awaited are buffered, in order; names are case-insensitive.
   *
   * @param name the event name
   * @param type the event payload type
   * @param <V> the payload type
   * @return the event's task
   */
  <V> Task<V> waitForExternalEvent(String name, Class<V> type);

  /**
   * Waits for an external event, at most {@code timeout}. A zero timeout takes only an already
   * buffered event.
   *
   * @param name the event name
   * @param type the event payload type
   * @param timeout how long to wait, not negative; measured with a durable timer
   * @param <V> the payload type
   * @return the event's task; it fails with {@link TaskCanceledException} when the timeout expires
   */
  <V> Task<V> waitForExternalEvent(String name, Class<V> type, Duration timeout);

  /**
   * Returns a task that completes when all tasks have completed, with their results in order. If
   * any task failed, it fails (once all are done) with the exception of the first failed task in
   * list order.
   *
   * @param tasks the tasks, from this orchestration
   * @param <V> the result type
   * @return the combined task
   */
  <V> Task<List<V>> allOf(List<Task<V>> tasks);

  /**
   * Returns a task that completes when the first of the tasks completes (successfully or not), with
   * that task as its result.
   *
   * @param tasks the tasks, from this orchestration, not empty
   * @return the task of the winner
   */
  Task<Task<?>> anyOf(List<Task<?>> tasks);

  /**
   * Ends this execution and restarts the orchestration with a new input and an empty history,
   * dropping buffered external events. This method does not return.
   *
   * @param input the new input, may be null
   * @throws CriticalSectionViolationException inside a critical section
   */
  default void continueAsNew(Object input) {
    continueAsNew(input, false);
  }

  /**
   * Ends this execution and restarts the orchestration with a new input and an empty history. This
   * method does not return: it unwinds the orchestration with an internal {@code Error}.
   *
   * @param input the new input, may be null
   * @param keepUnprocessedEvents whether external events received but not yet awaited are carried
   *     over to the new execution
   * @throws CriticalSectionViolationException inside a critical section
   */
  void continueAsNew(Object input, boolean keepUnprocessedEvents);

  /**
   * Sets the custom status that clients see for this instance (serialized to JSON).
   *
   * @param status the status, or null to clear it
   */
  void setCustomStatus(Object status);

  /**
   * Returns an SLF4J logger that drops all output while the orchestration {@link #isReplaying()},
   * so each message is logged once.
   *
   * @param type the class to name the logger after
   * @return the replay-safe logger
   */
  Logger replaySafeLogger(Class<?> type);

  /**
   * Returns the entity features: calls, signals, critical sections and typed access.
   *
   * @return the entity features of this orchestration
   */
  OrchestrationEntities entities();
}
