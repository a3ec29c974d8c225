package io.durableentities.testing.orchestration;

import io.durableentities.core.EntityInstanceId;
import java.time.Instant;
import java.util.List;

/**
 * A critical section the orchestration opened with {@code lockEntities(...)}: the entities it
 * locked (sorted, as the lock request carries them), when it asked, when it got them and when it
 * released them.
 *
 * <p>The tester grants a lock at once unless another orchestration holds one of the entities
 * ({@link OrchestrationTester#lockedByAnother}): then it is granted when that hold ends.
 */
public final class EntityLock {

  private final List<EntityInstanceId> entities;
  private final Instant requestedAt;
  private final Instant grantedAt;
  private final Instant releasedAt;

  EntityLock(
      List<EntityInstanceId> entities, Instant requestedAt, Instant grantedAt, Instant releasedAt) {
    this.entities = List.copyOf(entities);
    this.requestedAt = requestedAt;
    this.grantedAt = grantedAt;
    this.releasedAt = releasedAt;
  }

  EntityLock granted(Instant at) {
    return new EntityLock(entities, requestedAt, at, releasedAt);
  }

  EntityLock released(Instant at) {
    return new EntityLock(entities, requestedAt, grantedAt, at);
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
   * Returns when the orchestration got the locks, on the virtual clock: when it asked, unless
   * another orchestration held one of the entities.
   *
   * @return the virtual time of the grant; null while the orchestration still waits for it
   */
  public Instant grantedAt() {
    return grantedAt;
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
   * @return such as {@code lock [@account@a, @account@b] released}, or {@code waiting} before the
   *     grant, {@code held} after it
   */
  @Override
  public String toString() {
    String state = releasedAt != null ? " released" : grantedAt != null ? " held" : " waiting";
    return "lock " + entities + state;
  }
}
