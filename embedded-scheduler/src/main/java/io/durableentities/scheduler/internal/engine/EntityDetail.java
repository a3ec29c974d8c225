package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.EntityMetadata;
import java.util.List;

/**
 * One entity as the dashboard shows it: metadata with state, its lock and its queue.
 *
 * @param metadata id, last modified, backlog, {@code lockedBy} and the serialized state
 * @param lock the lock, or null when the entity is not locked
 * @param queue the first queued messages, in queue order
 * @param queueSize how many messages are queued in all
 * @param hosted whether a connected worker hosts the entity's name (else its queue waits)
 */
public record EntityDetail(
    EntityMetadata metadata,
    HeldLock lock,
    List<QueuedRequest> queue,
    int queueSize,
    boolean hosted) {}
