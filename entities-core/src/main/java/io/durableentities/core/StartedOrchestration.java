package io.durableentities.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An orchestration start an entity requested, as seen by the {@link EntityTester}.
 *
 * @param instanceId the new instance id
 * @param name the orchestration name
 * @param input the serialized (JSON) input, or null
 * @param scheduledTime the earliest start time, or null for now
 * @param version the version the entity gave ({@link StartOrchestrationOptions#version()}), or null
 *     for the worker's default version
 */
public record StartedOrchestration(
    String instanceId, String name, String input, Instant scheduledTime, String version) {

  /**
   * Validates the components.
   *
   * @param instanceId the instance id, not null
   * @param name the name, not null
   * @param input the input JSON, nullable
   * @param scheduledTime the scheduled time, nullable
   * @param version the version, nullable
   */
  public StartedOrchestration {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Creates a start without a version of its own (the worker's default version applies).
   *
   * @param instanceId the instance id, not null
   * @param name the name, not null
   * @param input the input JSON, nullable
   * @param scheduledTime the scheduled time, nullable
   */
  public StartedOrchestration(String instanceId, String name, String input, Instant scheduledTime) {
    this(instanceId, name, input, scheduledTime, null);
  }
}
