package io.durableentities.scheduler.internal.engine;

/**
 * A message waiting in an entity's queue, as the dashboard shows it.
 *
 * @param entityId the entity whose queue holds it
 * @param kind {@code signal}, {@code call}, {@code lock} or {@code unlock}
 * @param operation the operation name (lock messages: {@code (lock request)})
 * @param from the orchestration that sent it, or null (a client's or an entity's signal)
 * @param criticalSectionId the critical section of a lock or unlock message, else null
 * @param enqueuedAtMillis when it was queued (epoch millis)
 * @param dueAtMillis when it may run (epoch millis), 0 for now
 * @param attempts failed deliveries so far
 * @param blockedBy the lock holder it waits for (the entity is locked by another orchestration), or
 *     null
 */
public record QueuedRequest(
    String entityId,
    String kind,
    String operation,
    String from,
    String criticalSectionId,
    long enqueuedAtMillis,
    long dueAtMillis,
    int attempts,
    String blockedBy) {}
