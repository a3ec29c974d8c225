package io.durableentities.core.internal;

import io.durableentities.core.EntityInstanceId;
import java.util.List;
import java.util.Objects;

/**
 * A batch of operations for one entity, independent of the wire protocol.
 *
 * @param id the entity
 * @param state the serialized state, or null when the entity has none
 * @param operations the operations, in order
 */
public record EntityBatchRequest(
    EntityInstanceId id, String state, List<OperationRequest> operations) {

  /**
   * Validates and copies the components.
   *
   * @param id the entity, not null
   * @param state the state JSON, nullable
   * @param operations the operations, not null
   */
  public EntityBatchRequest {
    Objects.requireNonNull(id, "id");
    operations = List.copyOf(operations);
  }
}
