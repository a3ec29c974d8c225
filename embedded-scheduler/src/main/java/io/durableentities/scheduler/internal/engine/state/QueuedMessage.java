package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.scheduler.internal.store.MessageRow;

/**
 * An operation waiting in an entity's queue (the in-memory mirror of a message row). Its delivery
 * attempts change only through its entity ({@link EntityRuntime#countFailedDelivery}).
 */
public final class QueuedMessage {
  private final long id;
  private final String requestId;
  private final int kind;
  private final String parentInstanceId;
  private final String parentExecutionId;
  private final HistoryEvent event;
  private final TraceContext traceContext;
  private final long dueAt;
  private final long enqueuedAt;
  private final int sizeBytes;
  private int attempts;

  /** Set once the message left its queue (completed or dropped). */
  private boolean removed;

  public QueuedMessage(MessageRow row, HistoryEvent event) {
    this.id = row.id();
    this.requestId = row.requestId();
    this.kind = row.kind();
    this.parentInstanceId = row.parentInstanceId();
    this.parentExecutionId = row.parentExecutionId();
    this.event = event;
    this.traceContext = Protos.parseTraceContext(row.traceContext());
    this.dueAt = row.dueAt();
    this.enqueuedAt = row.enqueuedAt();
    this.attempts = row.attempts();
    this.sizeBytes =
        row.event().length + (row.traceContext() == null ? 0 : row.traceContext().length);
  }

  public long id() {
    return id;
  }

  public String requestId() {
    return requestId;
  }

  /** One of {@code MessageRow.KIND_*}. */
  public int kind() {
    return kind;
  }

  public String parentInstanceId() {
    return parentInstanceId;
  }

  public String parentExecutionId() {
    return parentExecutionId;
  }

  public HistoryEvent event() {
    return event;
  }

  /** The W3C trace context the message was sent with, or null; delivered with the operation. */
  public TraceContext traceContext() {
    return traceContext;
  }

  public long dueAt() {
    return dueAt;
  }

  public long enqueuedAt() {
    return enqueuedAt;
  }

  /**
   * The serialized event's size plus its trace context's, for batch limits: a V1 operation carries
   * the trace context where the V2 event carries a timestamp and event id, so this bounds both.
   */
  public int sizeBytes() {
    return sizeBytes;
  }

  /** Failed deliveries so far. */
  public int attempts() {
    return attempts;
  }

  /** Whether the message left its queue. */
  public boolean isRemoved() {
    return removed;
  }

  void incrementAttempts() {
    attempts++;
  }

  void markRemoved() {
    removed = true;
  }

  public boolean isCall() {
    return kind == MessageRow.KIND_CALL;
  }

  /** A lock request or unlock, processed by the scheduler itself at the head of the queue. */
  public boolean isControl() {
    return kind == MessageRow.KIND_LOCK || kind == MessageRow.KIND_UNLOCK;
  }

  public String operationName() {
    if (isControl()) {
      return kind == MessageRow.KIND_LOCK ? "(lock request)" : "(unlock)";
    }
    return event.hasEntityOperationCalled()
        ? event.getEntityOperationCalled().getOperation()
        : event.getEntityOperationSignaled().getOperation();
  }
}
