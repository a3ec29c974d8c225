package io.durableentities.client;

/**
 * What {@link EntityClient#cleanStorage} removed, summed over all pages.
 *
 * @param emptyEntitiesRemoved entities without state, lock or queued messages that were removed
 * @param orphanedLocksReleased locks held by orchestrations that no longer run that were released
 */
public record CleanEntityStorageResult(int emptyEntitiesRemoved, int orphanedLocksReleased) {}
