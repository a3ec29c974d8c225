package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;

/**
 * An activity the orchestration scheduled: its name, its input and the virtual time it was
 * scheduled at. One entry per attempt: a retried activity appears once per attempt.
 */
public final class ActivityCall {

  private final String name;
  private final String inputJson;
  private final Instant scheduledAt;
  private final DataConverter converter;

  ActivityCall(String name, String inputJson, Instant scheduledAt, DataConverter converter) {
    this.name = name;
    this.inputJson = inputJson;
    this.scheduledAt = scheduledAt;
    this.converter = converter;
  }

  /**
   * Returns the activity name.
   *
   * @return the name the orchestration called
   */
  public String name() {
    return name;
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
   * Returns the input as JSON (or the tester's data converter's form).
   *
   * @return the serialized input; null when there was none
   */
  public String inputJson() {
    return inputJson;
  }

  /**
   * Returns when the orchestration scheduled it, on the virtual clock.
   *
   * @return the virtual time
   */
  public Instant scheduledAt() {
    return scheduledAt;
  }

  /**
   * Describes the call.
   *
   * @return such as {@code Quote(42) at 2025-01-01T00:00:00Z}
   */
  @Override
  public String toString() {
    return name + "(" + (inputJson == null ? "" : inputJson) + ") at " + scheduledAt;
  }
}
