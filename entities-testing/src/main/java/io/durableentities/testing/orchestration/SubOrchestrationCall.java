package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;

/**
 * A sub-orchestration the orchestration started: its name, instance id, input and the virtual time
 * it was started at. One entry per attempt.
 */
public final class SubOrchestrationCall {

  private final String name;
  private final String instanceId;
  private final String inputJson;
  private final Instant startedAt;
  private final DataConverter converter;

  SubOrchestrationCall(
      String name,
      String instanceId,
      String inputJson,
      Instant startedAt,
      DataConverter converter) {
    this.name = name;
    this.instanceId = instanceId;
    this.inputJson = inputJson;
    this.startedAt = startedAt;
    this.converter = converter;
  }

  /**
   * Returns the orchestration name.
   *
   * @return the name the orchestration started
   */
  public String name() {
    return name;
  }

  /**
   * Returns the instance id of the sub-orchestration.
   *
   * @return the instance id (deterministic when the orchestration gave none)
   */
  public String instanceId() {
    return instanceId;
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
   * Returns when the orchestration started it, on the virtual clock.
   *
   * @return the virtual time
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * Describes the call.
   *
   * @return such as {@code Audit(42) as instance-1}
   */
  @Override
  public String toString() {
    return name + "(" + (inputJson == null ? "" : inputJson) + ") as " + instanceId;
  }
}
