package io.durableentities.core;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one operation run by the {@link EntityTester}: a result or a failure, with
 * timestamps from the tester's clock.
 */
public final class OperationOutcome {

  private final EntityInstanceId entityId;
  private final String operation;
  private final String resultJson;
  private final FailureDetails failure;
  private final Instant startTime;
  private final Instant endTime;
  private final DataConverter converter;

  OperationOutcome(
      EntityInstanceId entityId,
      String operation,
      String resultJson,
      FailureDetails failure,
      Instant startTime,
      Instant endTime,
      DataConverter converter) {
    this.entityId = Objects.requireNonNull(entityId, "entityId");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.resultJson = resultJson;
    this.failure = failure;
    this.startTime = Objects.requireNonNull(startTime, "startTime");
    this.endTime = Objects.requireNonNull(endTime, "endTime");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /**
   * Returns the operation name.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * Tells whether the operation succeeded.
   *
   * @return true on success
   */
  public boolean isSuccess() {
    return failure == null;
  }

  /**
   * Returns the serialized result.
   *
   * @return the result JSON, or null for none or on failure
   */
  public String resultJson() {
    return resultJson;
  }

  /**
   * Returns the result, deserialized.
   *
   * @param type the result class
   * @param <R> the result type
   * @return the result, or null for none
   * @throws EntityOperationFailedException if the operation failed
   */
  @SuppressWarnings("unchecked")
  public <R> R result(Class<R> type) {
    return (R) result((Type) type);
  }

  /**
   * Returns the result, deserialized to a generic type.
   *
   * @param type the result type
   * @return the result, or null for none
   * @throws EntityOperationFailedException if the operation failed
   */
  public Object result(Type type) {
    Objects.requireNonNull(type, "type");
    if (failure != null) {
      throw new EntityOperationFailedException(entityId, operation, failure);
    }
    return converter.deserialize(resultJson, type);
  }

  /**
   * Returns what the operation threw.
   *
   * @return the failure, or null on success
   */
  public FailureDetails failure() {
    return failure;
  }

  /**
   * Returns when the operation started.
   *
   * @return the start time
   */
  public Instant startTime() {
    return startTime;
  }

  /**
   * Returns when the operation ended.
   *
   * @return the end time
   */
  public Instant endTime() {
    return endTime;
  }

  @Override
  public String toString() {
    return "OperationOutcome["
        + operation
        + (failure == null ? " -> " + resultJson : " failed: " + failure.summary())
        + "]";
  }
}
