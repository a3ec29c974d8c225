package io.durableentities.orchestration.internal;

import com.google.protobuf.StringValue;
import io.durableentities.core.FailureDetails;
import io.durableentities.protocol.internal.EntityLockGrantedEvent;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationCompletedEvent;
import io.durableentities.protocol.internal.EntityOperationFailedEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityUnlockSentEvent;
import io.durableentities.protocol.internal.EventRaisedEvent;
import io.durableentities.protocol.internal.ExecutionCompletedEvent;
import io.durableentities.protocol.internal.ExecutionResumedEvent;
import io.durableentities.protocol.internal.ExecutionRewoundEvent;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.ExecutionSuspendedEvent;
import io.durableentities.protocol.internal.ExecutionTerminatedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorCompletedEvent;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCompletedEvent;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCreatedEvent;
import io.durableentities.protocol.internal.SubOrchestrationInstanceFailedEvent;
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TaskFailedEvent;
import io.durableentities.protocol.internal.TaskScheduledEvent;
import io.durableentities.protocol.internal.TimerCreatedEvent;
import io.durableentities.protocol.internal.TimerFiredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small DSL for golden histories: past events (replayed) and new events of one work item.
 *
 * <pre>{@code
 * History.started("Orch", "5")            // past: OrchestratorStarted(T0), ExecutionStarted
 *     .taskScheduled(0, "A")
 *     .newEvents(T1)                      // past += OrchestratorCompleted; new: OrchestratorStarted(T1)
 *     .taskCompleted(0, "7")
 *     .request();
 * }</pre>
 */
final class History {

  static final String INSTANCE = "inst-1";
  static final String EXECUTION = "exec-1";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<HistoryEvent> past = new ArrayList<>();
  private final List<HistoryEvent> fresh = new ArrayList<>();
  private List<HistoryEvent> current;
  private Instant now = T0;

  private History(boolean replay) {
    current = replay ? past : fresh;
  }

  /** An orchestration whose start is already in the past events. */
  static History started(String name, String inputJson) {
    return new History(true).orchestratorStarted(T0).executionStarted(name, inputJson);
  }

  /** A new orchestration: its start is in the new events. */
  static History starting(String name, String inputJson) {
    return new History(false).orchestratorStarted(T0).executionStarted(name, inputJson);
  }

  /** Ends the past episode and starts the new events with OrchestratorStarted at {@code at}. */
  History newEvents(Instant at) {
    add(
        HistoryEvent.newBuilder()
            .setOrchestratorCompleted(OrchestratorCompletedEvent.getDefaultInstance()));
    current = fresh;
    return orchestratorStarted(at);
  }

  /** Ends one past episode and starts another at {@code at}. */
  History episode(Instant at) {
    add(
        HistoryEvent.newBuilder()
            .setOrchestratorCompleted(OrchestratorCompletedEvent.getDefaultInstance()));
    return orchestratorStarted(at);
  }

  History orchestratorStarted(Instant at) {
    now = at;
    return add(
        HistoryEvent.newBuilder()
            .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()));
  }

  History executionStarted(String name, String inputJson) {
    ExecutionStartedEvent.Builder started =
        ExecutionStartedEvent.newBuilder()
            .setName(name)
            .setOrchestrationInstance(
                OrchestrationInstance.newBuilder()
                    .setInstanceId(INSTANCE)
                    .setExecutionId(StringValue.of(EXECUTION)));
    if (inputJson != null) {
      started.setInput(StringValue.of(inputJson));
    }
    return add(HistoryEvent.newBuilder().setExecutionStarted(started));
  }

  /** Sets the parent of the orchestration (a sub-orchestration) on its ExecutionStarted. */
  History parent(String parentInstanceId, String parentExecutionId) {
    List<HistoryEvent> events =
        past.stream().anyMatch(HistoryEvent::hasExecutionStarted) ? past : fresh;
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.hasExecutionStarted()) {
        HistoryEvent.Builder b = e.toBuilder();
        b.getExecutionStartedBuilder()
            .setParentInstance(
                ParentInstanceInfo.newBuilder()
                    .setTaskScheduledId(0)
                    .setName(StringValue.of("Parent"))
                    .setOrchestrationInstance(
                        OrchestrationInstance.newBuilder()
                            .setInstanceId(parentInstanceId)
                            .setExecutionId(StringValue.of(parentExecutionId))));
        events.set(i, b.build());
      }
    }
    return this;
  }

  /** The failed end of the execution, as a backend records it. */
  History executionFailed(String errorType, String message) {
    return add(
        HistoryEvent.newBuilder()
            .setExecutionCompleted(
                ExecutionCompletedEvent.newBuilder()
                    .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                    .setFailureDetails(failure(errorType, message))));
  }

  /** A rewind, with the parent's new execution for a sub-orchestration (else null). */
  History executionRewound(String reason, String parentExecutionId) {
    ExecutionRewoundEvent.Builder rewound =
        ExecutionRewoundEvent.newBuilder().setReason(StringValue.of(reason));
    if (parentExecutionId != null) {
      rewound
          .setParentExecutionId(StringValue.of(parentExecutionId))
          .setInstanceId(StringValue.of(INSTANCE));
    }
    return add(HistoryEvent.newBuilder().setExecutionRewound(rewound));
  }

  History taskScheduled(int id, String name) {
    return add(
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setTaskScheduled(TaskScheduledEvent.newBuilder().setName(name)));
  }

  History taskCompleted(int id, String resultJson) {
    TaskCompletedEvent.Builder completed = TaskCompletedEvent.newBuilder().setTaskScheduledId(id);
    if (resultJson != null) {
      completed.setResult(StringValue.of(resultJson));
    }
    return add(HistoryEvent.newBuilder().setTaskCompleted(completed));
  }

  History taskFailed(int id, String errorType, String message) {
    return add(
        HistoryEvent.newBuilder()
            .setTaskFailed(
                TaskFailedEvent.newBuilder()
                    .setTaskScheduledId(id)
                    .setFailureDetails(failure(errorType, message))));
  }

  History timerCreated(int id, Instant fireAt) {
    return add(
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(Wire.timestamp(fireAt))));
  }

  History timerFired(int id, Instant fireAt) {
    return add(
        HistoryEvent.newBuilder()
            .setTimerFired(
                TimerFiredEvent.newBuilder().setTimerId(id).setFireAt(Wire.timestamp(fireAt))));
  }

  History subOrchestrationCreated(int id, String name, String instanceId) {
    return add(
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setSubOrchestrationInstanceCreated(
                SubOrchestrationInstanceCreatedEvent.newBuilder()
                    .setName(name)
                    .setInstanceId(instanceId)));
  }

  History subOrchestrationCompleted(int id, String resultJson) {
    return add(
        HistoryEvent.newBuilder()
            .setSubOrchestrationInstanceCompleted(
                SubOrchestrationInstanceCompletedEvent.newBuilder()
                    .setTaskScheduledId(id)
                    .setResult(StringValue.of(resultJson))));
  }

  History subOrchestrationFailed(int id, String errorType, String message) {
    return add(
        HistoryEvent.newBuilder()
            .setSubOrchestrationInstanceFailed(
                SubOrchestrationInstanceFailedEvent.newBuilder()
                    .setTaskScheduledId(id)
                    .setFailureDetails(failure(errorType, message))));
  }

  History eventRaised(String name, String payloadJson) {
    EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(name);
    if (payloadJson != null) {
      raised.setInput(StringValue.of(payloadJson));
    }
    return add(HistoryEvent.newBuilder().setEventRaised(raised));
  }

  History suspended() {
    return add(
        HistoryEvent.newBuilder()
            .setExecutionSuspended(ExecutionSuspendedEvent.getDefaultInstance()));
  }

  History resumed() {
    return add(
        HistoryEvent.newBuilder().setExecutionResumed(ExecutionResumedEvent.getDefaultInstance()));
  }

  History terminated(String outputJson) {
    ExecutionTerminatedEvent.Builder terminated = ExecutionTerminatedEvent.newBuilder();
    if (outputJson != null) {
      terminated.setInput(StringValue.of(outputJson));
    }
    return add(HistoryEvent.newBuilder().setExecutionTerminated(terminated));
  }

  History entitySignaled(int id, String target, String operation) {
    return add(
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setEntityOperationSignaled(
                EntityOperationSignaledEvent.newBuilder()
                    .setRequestId("r" + id)
                    .setOperation(operation)
                    .setTargetInstanceId(StringValue.of(target))));
  }

  History entityCalled(int id, String target, String operation) {
    return add(
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setEntityOperationCalled(
                EntityOperationCalledEvent.newBuilder()
                    .setRequestId("r" + id)
                    .setOperation(operation)
                    .setTargetInstanceId(StringValue.of(target))));
  }

  History entityCompleted(String requestId, String outputJson) {
    EntityOperationCompletedEvent.Builder completed =
        EntityOperationCompletedEvent.newBuilder().setRequestId(requestId);
    if (outputJson != null) {
      completed.setOutput(StringValue.of(outputJson));
    }
    return add(HistoryEvent.newBuilder().setEntityOperationCompleted(completed));
  }

  History entityFailed(String requestId, String errorType, String message) {
    return add(
        HistoryEvent.newBuilder()
            .setEntityOperationFailed(
                EntityOperationFailedEvent.newBuilder()
                    .setRequestId(requestId)
                    .setFailureDetails(failure(errorType, message))));
  }

  History lockRequested(int id, String... lockSet) {
    return add(
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setEntityLockRequested(
                EntityLockRequestedEvent.newBuilder()
                    .setCriticalSectionId("cs" + id)
                    .addAllLockSet(List.of(lockSet))));
  }

  History lockGranted(String criticalSectionId) {
    return add(
        HistoryEvent.newBuilder()
            .setEntityLockGranted(
                EntityLockGrantedEvent.newBuilder().setCriticalSectionId(criticalSectionId)));
  }

  History unlockSent(int id, String target) {
    return add(
        HistoryEvent.newBuilder()
            .setEventId(id)
            .setEntityUnlockSent(
                EntityUnlockSentEvent.newBuilder()
                    .setCriticalSectionId("cs")
                    .setTargetInstanceId(StringValue.of(target))));
  }

  OrchestratorRequest request() {
    return OrchestratorRequest.newBuilder()
        .setInstanceId(INSTANCE)
        .setExecutionId(StringValue.of(EXECUTION))
        .addAllPastEvents(past)
        .addAllNewEvents(fresh)
        .build();
  }

  private History add(HistoryEvent.Builder event) {
    if (!isAction(event)) {
      event.setEventId(-1);
    }
    current.add(event.setTimestamp(Wire.timestamp(now)).build());
    return this;
  }

  private static boolean isAction(HistoryEvent.Builder event) {
    return switch (event.getEventTypeCase()) {
      case TASKSCHEDULED,
          TIMERCREATED,
          SUBORCHESTRATIONINSTANCECREATED,
          ENTITYOPERATIONSIGNALED,
          ENTITYOPERATIONCALLED,
          ENTITYLOCKREQUESTED,
          ENTITYUNLOCKSENT ->
          true;
      default -> false;
    };
  }

  private static io.durableentities.protocol.internal.TaskFailureDetails failure(
      String errorType, String message) {
    return Wire.failure(new FailureDetails(errorType, message, null, false));
  }
}
