package io.durableentities.client;

import io.durableentities.core.EntityInstanceId;
import java.time.Instant;
import java.util.Objects;

/**
 * What the scheduler knows about an entity, as returned by {@link EntityClient#get} and {@link
 * EntityClient#query}.
 *
 * @param id the entity
 * @param lastModified when its state or queue last changed
 * @param backlogQueueSize how many messages wait in its queue (for example while it is locked)
 * @param lockedBy the instance id of the orchestration holding its lock, or null
 * @param state the state, or null when it was not requested or the entity has none
 * @param includesState whether the state was requested
 * @param <S> the state type
 */
public record EntityMetadata<S>(
    EntityInstanceId id,
    Instant lastModified,
    int backlogQueueSize,
    String lockedBy,
    S state,
    boolean includesState) {

  /**
   * Validates the components.
   *
   * @param id not null
   * @param lastModified not null
   * @param backlogQueueSize not negative
   * @param lockedBy nullable
   * @param state nullable
   * @param includesState whether the state was requested
   */
  public EntityMetadata {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  /**
   * Tells whether an orchestration holds the entity's lock.
   *
   * @return whether {@link #lockedBy()} is set
   */
  public boolean isLocked() {
    return lockedBy != null;
  }
}
