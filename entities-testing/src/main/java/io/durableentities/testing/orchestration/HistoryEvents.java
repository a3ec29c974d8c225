package io.durableentities.testing.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.internal.Wire;
import io.durableentities.protocol.internal.EntityLockGrantedEvent;
import io.durableentities.protocol.internal.EntityOperationCompletedEvent;
import io.durableentities.protocol.internal.EntityOperationFailedEvent;
import io.durableentities.protocol.internal.EventRaisedEvent;
import io.durableentities.protocol.internal.EventSentEvent;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.SendEventAction;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCompletedEvent;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCreatedEvent;
import io.durableentities.protocol.internal.SubOrchestrationInstanceFailedEvent;
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TaskFailedEvent;
import io.durableentities.protocol.internal.TaskScheduledEvent;
import io.durableentities.protocol.internal.TimerCreatedEvent;
import io.durableentities.protocol.internal.TimerFiredEvent;
import java.time.Instant;

/**
 * The history events a back end writes for the orchestration under test, in the form the embedded
 * scheduler writes them: the replies to its actions, and the events that start an episode.
 */
final class HistoryEvents {

  private HistoryEvents() {}

  static HistoryEvent orchestratorStarted(Instant at) {
    return event(at).setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()).build();
  }

  static HistoryEvent executionStarted(
      Instant at, String name, String instanceId, String executionId, String input) {
    ExecutionStartedEvent.Builder started =
        ExecutionStartedEvent.newBuilder()
            .setName(name)
            .setOrchestrationInstance(
                OrchestrationInstance.newBuilder()
                    .setInstanceId(instanceId)
                    .setExecutionId(StringValue.of(executionId)));
    if (input != null) {
      started.setInput(StringValue.of(input));
    }
    return event(at).setExecutionStarted(started).build();
  }

  static HistoryEvent taskCompleted(Instant at, int taskId, String result) {
    TaskCompletedEvent.Builder completed =
        TaskCompletedEvent.newBuilder().setTaskScheduledId(taskId);
    if (result != null) {
      completed.setResult(StringValue.of(result));
    }
    return event(at).setTaskCompleted(completed).build();
  }

  static HistoryEvent taskFailed(Instant at, int taskId, FailureDetails failure) {
    return event(at)
        .setTaskFailed(
            TaskFailedEvent.newBuilder()
                .setTaskScheduledId(taskId)
                .setFailureDetails(Wire.failure(failure)))
        .build();
  }

  static HistoryEvent timerFired(Instant fireAt, int timerId) {
    return event(fireAt)
        .setTimerFired(
            TimerFiredEvent.newBuilder().setFireAt(Wire.timestamp(fireAt)).setTimerId(timerId))
        .build();
  }

  static HistoryEvent subOrchestrationCompleted(Instant at, int taskId, String result) {
    SubOrchestrationInstanceCompletedEvent.Builder completed =
        SubOrchestrationInstanceCompletedEvent.newBuilder().setTaskScheduledId(taskId);
    if (result != null) {
      completed.setResult(StringValue.of(result));
    }
    return event(at).setSubOrchestrationInstanceCompleted(completed).build();
  }

  static HistoryEvent subOrchestrationFailed(Instant at, int taskId, FailureDetails failure) {
    return event(at)
        .setSubOrchestrationInstanceFailed(
            SubOrchestrationInstanceFailedEvent.newBuilder()
                .setTaskScheduledId(taskId)
                .setFailureDetails(Wire.failure(failure)))
        .build();
  }

  static HistoryEvent eventRaised(Instant at, String name, String input) {
    EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(name);
    if (input != null) {
      raised.setInput(StringValue.of(input));
    }
    return event(at).setEventRaised(raised).build();
  }

  static HistoryEvent entityCompleted(Instant at, String requestId, String output) {
    EntityOperationCompletedEvent.Builder completed =
        EntityOperationCompletedEvent.newBuilder().setRequestId(requestId);
    if (output != null) {
      completed.setOutput(StringValue.of(output));
    }
    return event(at).setEntityOperationCompleted(completed).build();
  }

  static HistoryEvent entityFailed(Instant at, String requestId, FailureDetails failure) {
    return event(at)
        .setEntityOperationFailed(
            EntityOperationFailedEvent.newBuilder()
                .setRequestId(requestId)
                .setFailureDetails(Wire.failure(failure)))
        .build();
  }

  static HistoryEvent lockGranted(Instant at, String criticalSectionId) {
    return event(at)
        .setEntityLockGranted(
            EntityLockGrantedEvent.newBuilder().setCriticalSectionId(criticalSectionId))
        .build();
  }

  static HistoryEvent taskScheduled(Instant at, int actionId, String name, String input) {
    TaskScheduledEvent.Builder scheduled = TaskScheduledEvent.newBuilder().setName(name);
    if (input != null) {
      scheduled.setInput(StringValue.of(input));
    }
    return recording(at, actionId).setTaskScheduled(scheduled).build();
  }

  static HistoryEvent timerCreated(Instant at, int actionId, Instant fireAt) {
    return recording(at, actionId)
        .setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(Wire.timestamp(fireAt)))
        .build();
  }

  static HistoryEvent subOrchestrationCreated(
      Instant at, int actionId, String name, String instanceId, String input) {
    SubOrchestrationInstanceCreatedEvent.Builder created =
        SubOrchestrationInstanceCreatedEvent.newBuilder().setInstanceId(instanceId).setName(name);
    if (input != null) {
      created.setInput(StringValue.of(input));
    }
    return recording(at, actionId).setSubOrchestrationInstanceCreated(created).build();
  }

  static HistoryEvent eventSent(Instant at, int actionId, SendEventAction send) {
    EventSentEvent.Builder sent =
        EventSentEvent.newBuilder()
            .setInstanceId(send.getInstance().getInstanceId())
            .setName(send.getName());
    if (send.hasData()) {
      sent.setInput(send.getData());
    }
    return recording(at, actionId).setEventSent(sent).build();
  }

  /** An event recording an action, with {@code eventId} = the action id, as back ends write. */
  static HistoryEvent.Builder recording(Instant at, int actionId) {
    return event(at).setEventId(actionId);
  }

  private static HistoryEvent.Builder event(Instant at) {
    return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(Wire.timestamp(at));
  }
}
