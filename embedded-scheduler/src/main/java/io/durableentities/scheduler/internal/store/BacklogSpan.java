package io.durableentities.scheduler.internal.store;

/**
 * Which stored messages memory lacks while a backlog is pending, as the writer saw it under its
 * lock: the messages after {@code after} (the pager's cursor) with a row in {@code backlog}, except
 * in ({@code filledThrough}, {@code fillTarget}], the part of the log that the fill after a start
 * or a reload has not copied into {@code backlog} yet, where they are read from {@code messages}
 * itself (executed ones left out; a read of that part only, by id). Once the fill is done, or when
 * the backlog began with a spill (no fill), that part is empty.
 *
 * @param after every stored message up to this id is in memory or executed
 * @param filledThrough the fill has copied the keys of the messages up to this id
 * @param fillTarget the fill copies the keys up to this id (the last message id at the load); the
 *     messages after it that memory lacks were spilled, each with its row
 */
public record BacklogSpan(long after, long filledThrough, long fillTarget) {

  /**
   * The first id of the part not filled yet, exclusive (the part is empty when past the target).
   */
  long unfilledAfter() {
    return Math.max(after, filledThrough);
  }

  /** Whether part of the log is not in {@code backlog} yet (read from {@code messages}). */
  public boolean filling() {
    return unfilledAfter() < fillTarget;
  }
}
