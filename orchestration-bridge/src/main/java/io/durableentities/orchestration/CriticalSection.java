package io.durableentities.orchestration;

import io.durableentities.core.EntityInstanceId;
import java.util.List;

/**
 * Locks held on a set of entities by an orchestration, from {@link
 * OrchestrationEntities#lockEntities}. Close it (try-with-resources) to release the locks; the
 * runtime also releases them when the orchestration ends.
 */
public interface CriticalSection extends AutoCloseable {

  /**
   * Returns the locked entities.
   *
   * @return the lock set, sorted and de-duplicated
   */
  List<EntityInstanceId> lockedEntities();

  /**
   * Tells whether the locks are still held.
   *
   * @return false once closed
   */
  boolean isOpen();

  /** Releases the locks: sends one unlock message per entity. Idempotent. */
  @Override
  void close();
}
