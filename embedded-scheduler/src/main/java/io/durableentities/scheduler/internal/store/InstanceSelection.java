package io.durableentities.scheduler.internal.store;

import java.util.Set;

/**
 * Which {@code instances} rows a page reads: one hub, in id order from {@code from} on, filtered by
 * status and times (the filters SQLite applies; a caller filters further, e.g. by an id prefix).
 *
 * @param from the first id (inclusive or not); empty for the start
 * @param statuses the {@code OrchestrationStatus} numbers wanted; empty for any
 * @param finishedOnly only finished instances (completed, failed, terminated, ...)
 * @param createdFrom epoch millis, inclusive ({@link Long#MIN_VALUE} for no bound)
 * @param createdTo epoch millis, inclusive ({@link Long#MAX_VALUE} for no bound)
 * @param completedFrom epoch millis, inclusive; with {@code completedTo} only instances that
 *     finished ({@link Long#MIN_VALUE} for no bound)
 * @param completedTo epoch millis, inclusive ({@link Long#MAX_VALUE} for no bound)
 * @param limit the most rows read
 */
public record InstanceSelection(
    String hub,
    String from,
    boolean inclusive,
    Set<Integer> statuses,
    boolean finishedOnly,
    long createdFrom,
    long createdTo,
    long completedFrom,
    long completedTo,
    int limit) {

  /** Every instance of a hub from {@code from} on, {@code limit} at most. */
  public static InstanceSelection all(String hub, String from, boolean inclusive, int limit) {
    return new InstanceSelection(
        hub,
        from,
        inclusive,
        Set.of(),
        false,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        limit);
  }

  /** The same selection continuing after {@code id}. */
  public InstanceSelection after(String id) {
    return new InstanceSelection(
        hub,
        id,
        false,
        statuses,
        finishedOnly,
        createdFrom,
        createdTo,
        completedFrom,
        completedTo,
        limit);
  }

  boolean byCompletion() {
    return completedFrom != Long.MIN_VALUE || completedTo != Long.MAX_VALUE;
  }
}
