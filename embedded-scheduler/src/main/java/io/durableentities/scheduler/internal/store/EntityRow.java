package io.durableentities.scheduler.internal.store;

/**
 * A stored entity row: its state (null when it only holds a lock), lock and when it last changed.
 */
public record EntityRow(
    String instanceId,
    String state,
    String lockedBy,
    String lockCriticalSection,
    long lastModified) {}
