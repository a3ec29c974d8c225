package io.durableentities.scheduler.internal.engine;

import java.util.List;

/**
 * Every held lock of a task hub and every request waiting for one.
 *
 * @param held the locked entities, in entity-id order
 * @param waiting lock requests still in a queue, and messages held back because their entity is
 *     locked by another orchestration, in entity-id then queue order
 */
public record LockTable(List<HeldLock> held, List<QueuedRequest> waiting) {}
