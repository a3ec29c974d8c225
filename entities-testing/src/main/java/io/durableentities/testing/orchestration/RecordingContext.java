package io.durableentities.testing.orchestration;

import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationEntities;
import io.durableentities.orchestration.Task;
import io.durableentities.orchestration.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The runtime's own orchestration context, passed through unchanged except that each {@code
 * waitForExternalEvent} is reported: waits leave no trace in history, so this is how the tester
 * learns which events the orchestration awaited. Every other call goes straight to the runtime.
 */
final class RecordingContext implements OrchestrationContext {

  private final OrchestrationContext runtime;
  private final Consumer<String> awaited;

  RecordingContext(OrchestrationContext runtime, Consumer<String> awaited) {
    this.runtime = runtime;
    this.awaited = awaited;
  }

  @Override
  public String instanceId() {
    return runtime.instanceId();
  }

  @Override
  public String name() {
    return runtime.name();
  }

  @Override
  public String version() {
    return runtime.version();
  }

  @Override
  public <T> T input(Class<T> type) {
    return runtime.input(type);
  }

  @Override
  public Instant currentUtcDateTime() {
    return runtime.currentUtcDateTime();
  }

  @Override
  public boolean isReplaying() {
    return runtime.isReplaying();
  }

  @Override
  public UUID newUuid() {
    return runtime.newUuid();
  }

  @Override
  public <V> Task<V> callActivity(String name, Object input, Class<V> resultType) {
    return runtime.callActivity(name, input, resultType);
  }

  @Override
  public <V> Task<V> callActivity(
      String name, Object input, Class<V> resultType, TaskOptions options) {
    return runtime.callActivity(name, input, resultType, options);
  }

  @Override
  public <V> Task<V> callSubOrchestration(String name, Object input, Class<V> resultType) {
    return runtime.callSubOrchestration(name, input, resultType);
  }

  @Override
  public <V> Task<V> callSubOrchestration(
      String name, Object input, String instanceId, Class<V> resultType) {
    return runtime.callSubOrchestration(name, input, instanceId, resultType);
  }

  @Override
  public <V> Task<V> callSubOrchestration(
      String name, Object input, String instanceId, Class<V> resultType, TaskOptions options) {
    return runtime.callSubOrchestration(name, input, instanceId, resultType, options);
  }

  @Override
  public Task<Void> createTimer(Duration delay) {
    return runtime.createTimer(delay);
  }

  @Override
  public Task<Void> createTimer(Instant fireAt) {
    return runtime.createTimer(fireAt);
  }

  @Override
  public <V> Task<V> waitForExternalEvent(String name, Class<V> type) {
    Task<V> task = runtime.waitForExternalEvent(name, type);
    awaited.accept(name);
    return task;
  }

  @Override
  public <V> Task<V> waitForExternalEvent(String name, Class<V> type, Duration timeout) {
    Task<V> task = runtime.waitForExternalEvent(name, type, timeout);
    awaited.accept(name);
    return task;
  }

  @Override
  public <V> Task<List<V>> allOf(List<Task<V>> tasks) {
    return runtime.allOf(tasks);
  }

  @Override
  public Task<Task<?>> anyOf(List<Task<?>> tasks) {
    return runtime.anyOf(tasks);
  }

  @Override
  public void continueAsNew(Object input) {
    runtime.continueAsNew(input);
  }

  @Override
  public void continueAsNew(Object input, boolean keepUnprocessedEvents) {
    runtime.continueAsNew(input, keepUnprocessedEvents);
  }

  @Override
  public void setCustomStatus(Object status) {
    runtime.setCustomStatus(status);
  }

  @Override
  public Logger replaySafeLogger(Class<?> type) {
    return runtime.replaySafeLogger(type);
  }

  @Override
  public OrchestrationEntities entities() {
    return runtime.entities();
  }

  @Override
  public String toString() {
    return runtime.toString();
  }
}
