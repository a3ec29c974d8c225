package io.durableentities.core.internal;

import io.durableentities.core.EntityInstanceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A side effect of a committed operation, to be applied by the backend with the batch result. Ids
 * are sequential in emission order across the batch, counting only kept actions.
 */
public sealed interface EntityAction {

  /**
   * The action's sequential id within the batch.
   *
   * @return the id, from 0
   */
  int id();

  /**
   * A one-way signal to an entity.
   *
   * @param id the action id
   * @param target the entity to signal
   * @param operation the operation name
   * @param input the serialized input, or null
   * @param scheduledTime the earliest delivery time, or null for now
   */
  record SendSignal(
      int id, EntityInstanceId target, String operation, String input, Instant scheduledTime)
      implements EntityAction {

    /**
     * Validates the components.
     *
     * @param id the action id
     * @param target the target, not null
     * @param operation the operation, not null
     * @param input the input, nullable
     * @param scheduledTime the scheduled time, nullable
     */
    public SendSignal {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(operation, "operation");
    }
  }

  /**
   * The start of an orchestration.
   *
   * @param id the action id
   * @param instanceId the new instance id
   * @param name the orchestration name
   * @param input the serialized input, or null
   * @param scheduledTime the earliest start time, or null for now
   * @param version the version the entity gave, or null for the worker's default version
   */
  record StartOrchestration(
      int id, String instanceId, String name, String input, Instant scheduledTime, String version)
      implements EntityAction {

    /**
     * Validates the components.
     *
     * @param id the action id
     * @param instanceId the instance id, not null
     * @param name the name, not null
     * @param input the input, nullable
     * @param scheduledTime the scheduled time, nullable
     * @param version the version, nullable
     */
    public StartOrchestration {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(name, "name");
    }
  }
}
