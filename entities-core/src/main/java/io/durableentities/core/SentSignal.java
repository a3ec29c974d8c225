package io.durableentities.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A signal an entity sent, as seen by the {@link EntityTester}.
 *
 * @param target the signalled entity
 * @param operation the operation name
 * @param input the serialized (JSON) input, or null
 * @param scheduledTime the earliest delivery time, or null for now
 */
public record SentSignal(
    EntityInstanceId target, String operation, String input, Instant scheduledTime) {

  /**
   * Validates the components.
   *
   * @param target the target, not null
   * @param operation the operation, not null
   * @param input the input JSON, nullable
   * @param scheduledTime the scheduled time, nullable
   */
  public SentSignal {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(operation, "operation");
  }
}
