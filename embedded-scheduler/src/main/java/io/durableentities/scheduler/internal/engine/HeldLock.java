package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.OrchestrationStatus;
import java.util.List;

/**
 * An entity's lock as the dashboard shows it.
 *
 * @param entityId the locked entity
 * @param holder the orchestration instance holding it
 * @param criticalSectionId the holder's critical section
 * @param holderStatus the holder's status, or null when no such instance exists (any more)
 * @param holderRunning whether the holder still runs; a lock whose holder does not is orphaned and
 *     released by {@code CleanEntityStorage(releaseOrphanedLocks)}
 * @param requestedAtMillis when the holder asked for the lock set (epoch millis), 0 when unknown
 * @param grantedAtMillis when the whole lock set was granted (epoch millis), 0 while the holder is
 *     still acquiring it
 * @param lockSet every entity of the critical section, in lock order (empty when unknown)
 */
public record HeldLock(
    String entityId,
    String holder,
    String criticalSectionId,
    OrchestrationStatus holderStatus,
    boolean holderRunning,
    long requestedAtMillis,
    long grantedAtMillis,
    List<String> lockSet) {}
