package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * An operation the orchestration sent to an entity, {@linkplain EntityCall called} or {@linkplain
 * EntitySignal signalled}: the entity, the operation and its input.
 */
public abstract sealed class EntityMessage permits EntityCall, EntitySignal {

  private final EntityInstanceId id;
  private final String operation;
  private final String inputJson;
  private final DataConverter converter;

  EntityMessage(EntityInstanceId id, String operation, String inputJson, DataConverter converter) {
    this.id = id;
    this.operation = operation;
    this.inputJson = inputJson;
    this.converter = converter;
  }

  /**
   * Returns the entity the operation went to.
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
   * Describes the operation.
   *
   * @return such as {@code @account@alice.withdraw(500)}
   */
  @Override
  public String toString() {
    return id + "." + operation + "(" + (inputJson == null ? "" : inputJson) + ")";
  }
}
