package io.durableentities.scheduler.internal.engine;

/**
 * Tells whether the orchestration holding an entity lock is still running, so that {@code
 * CleanEntityStorage(releaseOrphanedLocks)} can release the locks of finished holders.
 */
@FunctionalInterface
public interface LockHolders {

  /** No orchestrations exist yet in this scheduler, so every lock is orphaned. */
  LockHolders NONE_RUNNING = (hub, instanceId) -> false;

  /** Whether the orchestration {@code instanceId} of {@code hub} is running or suspended. */
  boolean isRunning(String hub, String instanceId);
}
