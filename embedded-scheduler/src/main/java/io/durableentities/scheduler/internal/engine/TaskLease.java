package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.HistoryEvent;
import java.util.List;

/**
 * An orchestrator or activity work item leased to one stream under a unique completion token.
 * Exactly one of {@link #orchestration} and {@link #activity} is set.
 */
final class TaskLease {
  final String token;
  final WorkStream stream;
  final long expiresAt;
  final OrchestrationRuntime orchestration;
  final String executionId;
  final List<OrchestrationRuntime.InboxEvent> delivered;
  final List<HistoryEvent> newEvents;
  final ActivityTask activity;

  private TaskLease(
      String token,
      WorkStream stream,
      long expiresAt,
      OrchestrationRuntime orchestration,
      List<OrchestrationRuntime.InboxEvent> delivered,
      List<HistoryEvent> newEvents,
      ActivityTask activity) {
    this.token = token;
    this.stream = stream;
    this.expiresAt = expiresAt;
    this.orchestration = orchestration;
    this.executionId = orchestration == null ? activity.executionId : orchestration.executionId;
    this.delivered = delivered;
    this.newEvents = newEvents;
    this.activity = activity;
  }

  static TaskLease orchestrator(
      String token,
      WorkStream stream,
      long expiresAt,
      OrchestrationRuntime o,
      List<OrchestrationRuntime.InboxEvent> delivered,
      List<HistoryEvent> newEvents) {
    return new TaskLease(
        token, stream, expiresAt, o, List.copyOf(delivered), List.copyOf(newEvents), null);
  }

  static TaskLease activity(String token, WorkStream stream, long expiresAt, ActivityTask a) {
    return new TaskLease(token, stream, expiresAt, null, List.of(), List.of(), a);
  }

  String instanceId() {
    return orchestration == null ? activity.instanceId : orchestration.instanceId;
  }

  HubState hub() {
    return orchestration == null ? activity.hub : orchestration.hub;
  }
}
