package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;

/**
 * A one-way signal the orchestration sent to an entity: the entity, the operation, its input, when
 * it was sent and, for a scheduled signal, when it is due.
 */
public final class EntitySignal {

  private final EntityInstanceId id;
  private final String operation;
  private final String inputJson;
  private final Instant sentAt;
  private final Instant scheduledTime;
  private final DataConverter converter;

  EntitySignal(
      EntityInstanceId id,
      String operation,
      String inputJson,
      Instant sentAt,
      Instant scheduledTime,
      DataConverter converter) {
    this.id = id;
    this.operation = operation;
    this.inputJson = inputJson;
    this.sentAt = sentAt;
    this.scheduledTime = scheduledTime;
    this.converter = converter;
  }

  /**
   * Returns the entity signalled.
   *
   * @return the entity id
   */
  public EntityInstanceId id() {
    return id;
  }

  /**
   * Returns the operation name.
   *
   * @return the operation
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
   * Returns when the orchestration sent it, on the virtual clock.
   *
   * @return the virtual time
   */
  public Instant sentAt() {
    return sentAt;
  }

  /**
   * Returns when the signal is due, for a scheduled signal.
   *
   * @return the scheduled time; null when the signal is due at once
   */
  public Instant scheduledTime() {
    return scheduledTime;
  }

  /**
   * Describes the signal.
   *
   * @return such as {@code @account@alice.deposit(500)}, with {@code at <time>} when scheduled
   */
  @Override
  public String toString() {
    return id
        + "."
        + operation
        + "("
        + (inputJson == null ? "" : inputJson)
        + ")"
        + (scheduledTime == null ? "" : " at " + scheduledTime);
  }
}
