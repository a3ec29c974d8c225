package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.protocol.internal.HistoryEvent;
import java.util.List;

/**
 * An orchestrator or activity work item leased to one stream under a unique completion token.
 * Exactly one of {@link #orchestration()} and {@link #activity()} is set. Compared by identity.
 */
public final class TaskLease {
  private final String token;
  private final WorkStream stream;
  private final long expiresAt;
  private final OrchestrationRuntime orchestration;
  private final String executionId;
  private final List<InboxEvent> delivered;
  private final List<HistoryEvent> newEvents;
  private final ActivityTask activity;

  private TaskLease(
      String token,
      WorkStream stream,
      long expiresAt,
      OrchestrationRuntime orchestration,
      List<InboxEvent> delivered,
      List<HistoryEvent> newEvents,
      ActivityTask activity) {
    this.token = token;
    this.stream = stream;
    this.expiresAt = expiresAt;
    this.orchestration = orchestration;
    this.executionId = orchestration == null ? activity.executionId() : orchestration.executionId();
    this.delivered = delivered;
    this.newEvents = newEvents;
    this.activity = activity;
  }

  /** An orchestrator work item carrying {@code delivered} as {@code newEvents}. */
  public static TaskLease orchestrator(
      String token,
      WorkStream stream,
      long expiresAt,
      OrchestrationRuntime o,
      List<InboxEvent> delivered,
      List<HistoryEvent> newEvents) {
    return new TaskLease(
        token, stream, expiresAt, o, List.copyOf(delivered), List.copyOf(newEvents), null);
  }

  /** An activity work item. */
  public static TaskLease activity(
      String token, WorkStream stream, long expiresAt, ActivityTask a) {
    return new TaskLease(token, stream, expiresAt, null, List.of(), List.of(), a);
  }

  public String token() {
    return token;
  }

  public WorkStream stream() {
    return stream;
  }

  /** When the work goes back to be delivered again unless completed (epoch millis). */
  public long expiresAt() {
    return expiresAt;
  }

  /** The instance of an orchestrator work item, or null. */
  public OrchestrationRuntime orchestration() {
    return orchestration;
  }

  /** The execution the work item belongs to. */
  public String executionId() {
    return executionId;
  }

  /** The inbox events an orchestrator work item carries. */
  public List<InboxEvent> delivered() {
    return delivered;
  }

  /** The {@code newEvents} it carries (OrchestratorStarted first). */
  public List<HistoryEvent> newEvents() {
    return newEvents;
  }

  /** The task of an activity work item, or null. */
  public ActivityTask activity() {
    return activity;
  }

  /** The orchestration instance the work item belongs to. */
  public String instanceId() {
    return orchestration == null ? activity.instanceId() : orchestration.instanceId();
  }

  /** The hub of the work item. */
  public HubState hub() {
    return orchestration == null ? activity.hub() : orchestration.hub();
  }
}
