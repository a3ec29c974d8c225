package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.protocol.internal.HistoryEvent;

/**
 * An event waiting in an instance's inbox (the mirror of an {@code orchestration_inbox} row); a
 * durable timer is a {@code TimerFired} due later. Compared by identity: ids are unique.
 */
public final class InboxEvent {
  private final long id;
  private final HistoryEvent event;
  private final long dueAt;

  public InboxEvent(long id, HistoryEvent event, long dueAt) {
    this.id = id;
    this.event = event;
    this.dueAt = dueAt;
  }

  public long id() {
    return id;
  }

  public HistoryEvent event() {
    return event;
  }

  /** Not delivered before this time (epoch millis); 0 for at once. */
  public long dueAt() {
    return dueAt;
  }
}
