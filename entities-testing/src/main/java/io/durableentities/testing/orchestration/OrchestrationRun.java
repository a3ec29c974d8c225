package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of an {@link OrchestrationTester}: the orchestration's outcome so far, what it did, in
 * order, and {@link #raiseEvent} to go on when it waits for an event.
 *
 * <p>The lists are snapshots, in the order the orchestration acted; an activity or
 * sub-orchestration retried with a {@code RetryPolicy} appears once per attempt. Not thread-safe.
 */
public final class OrchestrationRun {

  private final String name;
  private final String instanceId;
  private final OrchestrationHost host;
  private final DataConverter converter;

  OrchestrationRun(
      String name, String instanceId, OrchestrationHost host, DataConverter converter) {
    this.name = name;
    this.instanceId = instanceId;
    this.host = host;
    this.converter = converter;
  }

  /**
   * Returns the status: {@code RUNNING} while the orchestration waits (for an event, or for
   * something due after the time limit), else how it ended.
   *
   * @return the status
   */
  public OrchestrationRuntimeStatus status() {
    return host.status();
  }

  /**
   * Tells whether the orchestration ended (completed, failed or was terminated).
   *
   * @return true once it ended
   */
  public boolean isEnded() {
    return host.status().isTerminal();
  }

  /**
   * Returns the output of the completed orchestration.
   *
   * @param type the output type
   * @param <T> the output type
   * @return the output; null when it returned null
   * @throws AssertionError if the orchestration did not complete (it failed, or still runs); the
   *     message says why
   */
  @SuppressWarnings("unchecked")
  public <T> T output(Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (host.status() != OrchestrationRuntimeStatus.COMPLETED) {
      throw new AssertionError("Expected " + this + " to have completed, but " + state());
    }
    return (T) converter.deserialize(host.output(), (Type) type);
  }

  /**
   * Returns why the orchestration failed.
   *
   * @return the failure details (error type, message, stack trace)
   * @throws AssertionError if it did not fail
   */
  public FailureDetails failure() {
    if (host.failure() == null) {
      throw new AssertionError("Expected " + this + " to have failed, but " + state());
    }
    return host.failure();
  }

  /**
   * Returns the custom status the orchestration set last.
   *
   * @param type the status type
   * @param <T> the status type
   * @return the status; null when none is set
   */
  @SuppressWarnings("unchecked")
  public <T> T customStatus(Class<T> type) {
    return (T) converter.deserialize(host.customStatus(), (Type) Objects.requireNonNull(type));
  }

  /**
   * Returns the virtual time now: the time of the last thing that happened.
   *
   * @return the virtual time
   */
  public Instant currentTime() {
    return host.now();
  }

  /**
   * Returns how many executions the instance had: one, plus one per continue-as-new.
   *
   * @return the number of executions
   */
  public int executions() {
    return host.executions();
  }

  /**
   * Returns the activities the orchestration called, in order.
   *
   * @return the calls
   */
  public List<ActivityCall> activityCalls() {
    return List.copyOf(host.observed().activityCalls);
  }

  /**
   * Returns the calls of one activity, in order.
   *
   * @param activityName the activity name (case-insensitive)
   * @return the calls
   */
  public List<ActivityCall> activityCalls(String activityName) {
    Objects.requireNonNull(activityName, "activityName");
    return host.observed().activityCalls.stream()
        .filter(call -> call.name().equalsIgnoreCase(activityName))
        .toList();
  }

  /**
   * Returns the entity operations the orchestration called, in order.
   *
   * @return the calls
   */
  public List<EntityCall> entityCalls() {
    return List.copyOf(host.observed().entityCalls);
  }

  /**
   * Returns the signals the orchestration sent to entities, in order.
   *
   * @return the signals
   */
  public List<EntitySignal> signals() {
    return List.copyOf(host.observed().signals);
  }

  /**
   * Returns the signals real entities hosted by the tester ({@code entity(AccountEntity::new,
   * key)}) sent while they ran operations, in order, each with its {@linkplain
   * EntitySignal#sender() sender}. A signal to an entity that has a double is applied to it when
   * due, as the orchestration's are; one to an entity without is only recorded. A failed operation
   * sends none (it is rolled back).
   *
   * @return the signals
   */
  public List<EntitySignal> entitySignals() {
    return List.copyOf(host.observed().entitySignals);
  }

  /**
   * Returns the critical sections the orchestration opened, in order, with when they were granted
   * and released.
   *
   * @return the locks
   */
  public List<EntityLock> locks() {
    return host.observed().locks();
  }

  /**
   * Returns the durable timers the orchestration created (its own, retry delays, event timeouts),
   * in order.
   *
   * @return the timers
   */
  public List<DurableTimer> timers() {
    return host.observed().timers();
  }

  /**
   * Returns the sub-orchestrations the orchestration started, in order.
   *
   * @return the calls
   */
  public List<SubOrchestrationCall> subOrchestrations() {
    return List.copyOf(host.observed().subOrchestrations);
  }

  /**
   * Returns the names of the external events the current execution has waited for so far, in the
   * order it asked, whether they arrived or not.
   *
   * @return the event names
   */
  public List<String> eventsAwaited() {
    return host.observed().eventsAwaited();
  }

  /**
   * Returns the state of a real entity hosted by the tester ({@code entity(AccountEntity::new,
   * key)}).
   *
   * @param id the entity id
   * @param stateType the state class
   * @param <S> the state type
   * @return the state now; null when the entity has none
   * @throws IllegalArgumentException if the tester hosts no real entity with that id
   */
  @SuppressWarnings("unchecked")
  public <S> S entityState(EntityInstanceId id, Class<S> stateType) {
    Objects.requireNonNull(stateType, "stateType");
    EntityDouble entity = host.entities().double_(Objects.requireNonNull(id, "id"));
    if (!(entity instanceof InMemoryEntity real)) {
      throw new IllegalArgumentException(
          "The tester hosts no real entity "
              + id
              + " (only those registered with entity(factory, key) have state); real entities: "
              + host.entities().ids().stream()
                  .filter(e -> host.entities().double_(e) instanceof InMemoryEntity)
                  .map(EntityInstanceId::toString)
                  .toList());
    }
    return (S) converter.deserialize(real.stateJson(), (Type) stateType);
  }

  /**
   * Raises an external event now and runs on, until the orchestration ends or waits again.
   *
   * @param eventName the event name
   * @param payload the payload, may be null
   * @return this run
   * @throws IllegalStateException if the orchestration has ended
   * @throws AssertionError if the orchestration then breaks a rule of orchestrations
   */
  public OrchestrationRun raiseEvent(String eventName, Object payload) {
    Objects.requireNonNull(eventName, "eventName");
    if (isEnded()) {
      throw new IllegalStateException(
          "Cannot raise event '" + eventName + "': " + this + " has ended (" + state() + ")");
    }
    host.raiseEvent(eventName, converter.serialize(payload));
    host.runUntilBlocked();
    return this;
  }

  private String state() {
    return switch (host.status()) {
      case COMPLETED -> "it completed with output " + host.output();
      case FAILED, TERMINATED, CANCELED ->
          "it ended "
              + host.status()
              + (host.failure() == null ? "" : " with " + host.failure().summary());
      default ->
          "it is still "
              + host.status()
              + " at virtual time "
              + host.now()
              + (eventsAwaited().isEmpty()
                  ? ""
                  : ", having waited for events " + eventsAwaited() + " (see raiseEvent)");
    };
  }

  /**
   * Describes the run.
   *
   * @return such as {@code OrchestrationRun(Transfer, instance 'test-instance', COMPLETED)}
   */
  @Override
  public String toString() {
    return "OrchestrationRun(" + name + ", instance '" + instanceId + "', " + host.status() + ")";
  }
}
