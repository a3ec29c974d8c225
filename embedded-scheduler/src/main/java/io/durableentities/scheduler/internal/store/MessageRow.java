package io.durableentities.scheduler.internal.store;

/**
 * One row of the message log: an operation queued for an entity.
 *
 * @param kind {@link #KIND_SIGNAL}, {@link #KIND_CALL}, {@link #KIND_LOCK} or {@link #KIND_UNLOCK}
 * @param event the serialized {@code HistoryEvent} delivered to workers
 * @param dueAt epoch millis before which the message is not delivered
 * @param traceContext the serialized W3C {@code TraceContext} the message was sent with, or null
 */
public record MessageRow(
    long id,
    String hub,
    String instanceId,
    String requestId,
    int kind,
    String parentInstanceId,
    String parentExecutionId,
    byte[] event,
    long dueAt,
    long enqueuedAt,
    int attempts,
    byte[] traceContext) {

  /** A one-way signal. */
  public static final int KIND_SIGNAL = 0;

  /** A call from an orchestration, answered to its parent. */
  public static final int KIND_CALL = 1;

  /**
   * A lock request of a critical section ({@code entityLockRequested}), forwarded along its set.
   */
  public static final int KIND_LOCK = 2;

  /** An unlock from a critical section ({@code entityUnlockSent}). */
  public static final int KIND_UNLOCK = 3;
}
