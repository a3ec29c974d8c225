package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;

/**
 * An entity operation the orchestration called (and waited for): the entity, the operation, its
 * input and the virtual time of the call.
 */
public final class EntityCall {

  private final EntityInstanceId id;
  private final String operation;
  private final String inputJson;
  private final Instant calledAt;
  private final DataConverter converter;

  EntityCall(
      EntityInstanceId id,
      String operation,
      String inputJson,
      Instant calledAt,
      DataConverter converter) {
    this.id = id;
    this.operation = operation;
    this.inputJson = inputJson;
    this.calledAt = calledAt;
    this.converter = converter;
  }

  /**
   * Returns the entity called.
   *
   * @return the entity id
   */
  public EntityInstanceId id() {
    return id;
  }

  /**
   * Returns the operation name.
   *
   * @return the operation, as the orchestration named it
   */
  public String operation() {
    return operation;
  }

  /**
   * Returns the input, deserialized.
   *
   * @param type the input type
   * @param <T> the input type
   * @return the input; null when there was none
   */
  @SuppressWarnings("unchecked")
  public <T> T input(Class<T> type) {
    return (T) converter.deserialize(inputJson, (Type) Objects.requireNonNull(type, "type"));
  }

  /**
   * Returns the input in serialized form.
   *
   * @return the serialized input; null when there was none
   */
  public String inputJson() {
    return inputJson;
  }

  /**
   * Returns when the orchestration called, on the virtual clock.
   *
   * @return the virtual time
   */
  public Instant calledAt() {
    return calledAt;
  }

  /**
   * Describes the call.
   *
   * @return such as {@code @account@alice.withdraw(500)}
   */
  @Override
  public String toString() {
    return id + "." + operation + "(" + (inputJson == null ? "" : inputJson) + ")";
  }
}
