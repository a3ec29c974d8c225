package io.durableentities.testing.orchestration;

import io.durableentities.core.EntityInstanceId;
import java.time.Instant;
import java.util.List;

/**
 * A critical section the orchestration opened with {@code lockEntities(...)}: the entities it
 * locked (sorted, as the lock request carries them), when it asked, and when it released them.
 *
 * <p>The tester grants every lock at once: its doubles are never locked by anyone else. Use the
 * test environment ({@code DurableTestEnvironment}) to test waiting for a lock another
 * orchestration holds.
 */
public final class EntityLock {

  private final List<EntityInstanceId> entities;
  private final Instant requestedAt;
  private final Instant releasedAt;

  EntityLock(List<EntityInstanceId> entities, Instant requestedAt, Instant releasedAt) {
    this.entities = List.copyOf(entities);
    this.requestedAt = requestedAt;
    this.releasedAt = releasedAt;
  }

  EntityLock released(Instant at) {
    return new EntityLock(entities, requestedAt, at);
  }

  /**
   * Returns the locked entities.
   *
   * @return the lock set, sorted
   */
  public List<EntityInstanceId> entities() {
    return entities;
  }

  /**
   * Returns when the orchestration asked for the locks, on the virtual clock.
   *
   * @return the virtual time of the request
   */
  public Instant requestedAt() {
    return requestedAt;
  }

  /**
   * Tells whether the locks were released.
   *
   * @return true once the section closed, or the orchestration ended (or continued as new) and the
   *     runtime released them
   */
  public boolean isReleased() {
    return releasedAt != null;
  }

  /**
   * Returns when the locks were released.
   *
   * @return the virtual time; null while they are held
   */
  public Instant releasedAt() {
    return releasedAt;
  }

  /**
   * Describes the lock.
   *
   * @return such as {@code lock [@account@a, @account@b] released}
   */
  @Override
  public String toString() {
    return "lock " + entities + (releasedAt == null ? " held" : " released");
  }
}
