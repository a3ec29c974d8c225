package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.scheduler.internal.store.MessageRow;

/** An operation waiting in an entity's queue (the in-memory mirror of a message row). */
final class QueuedMessage {
  final long id;
  final String requestId;
  final int kind;
  final String parentInstanceId;
  final String parentExecutionId;
  final HistoryEvent event;
  final long dueAt;
  final long enqueuedAt;
  final int sizeBytes;
  int attempts;

  /** Set once the message left its queue (completed or dropped). */
  boolean removed;

  QueuedMessage(MessageRow row, HistoryEvent event) {
    this.id = row.id();
    this.requestId = row.requestId();
    this.kind = row.kind();
    this.parentInstanceId = row.parentInstanceId();
    this.parentExecutionId = row.parentExecutionId();
    this.event = event;
    this.dueAt = row.dueAt();
    this.enqueuedAt = row.enqueuedAt();
    this.attempts = row.attempts();
    this.sizeBytes = row.event().length;
  }

  boolean isCall() {
    return kind == MessageRow.KIND_CALL;
  }

  /** A lock request or unlock, processed by the scheduler itself at the head of the queue. */
  boolean isControl() {
    return kind == MessageRow.KIND_LOCK || kind == MessageRow.KIND_UNLOCK;
  }

  String operationName() {
    if (isControl()) {
      return kind == MessageRow.KIND_LOCK ? "(lock request)" : "(unlock)";
    }
    return event.hasEntityOperationCalled()
        ? event.getEntityOperationCalled().getOperation()
        : event.getEntityOperationSignaled().getOperation();
  }
}
