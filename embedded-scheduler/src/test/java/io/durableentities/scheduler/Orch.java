package io.durableentities.scheduler;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateSubOrchestrationAction;
import io.durableentities.protocol.internal.CreateTimerAction;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityUnlockSentEvent;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.ScheduleTaskAction;
import io.durableentities.protocol.internal.SendEntityMessageAction;
import io.durableentities.protocol.internal.SendEventAction;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub;
import io.durableentities.protocol.internal.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Raw orchestration requests and responses for the protocol tests. */
final class Orch {
  private Orch() {}

  static CreateInstanceRequest.Builder start(String id, String name, String input) {
    CreateInstanceRequest.Builder b =
        CreateInstanceRequest.newBuilder().setInstanceId(id).setName(name);
    if (input != null) {
      b.setInput(StringValue.of(input));
    }
    return b;
  }

  static OrchestrationState state(TaskHubSidecarServiceBlockingStub client, String id) {
    return client
        .getInstance(
            GetInstanceRequest.newBuilder().setInstanceId(id).setGetInputsAndOutputs(true).build())
        .getOrchestrationState();
  }

  static OrchestratorResponse.Builder response(WorkItem item, OrchestratorAction... actions) {
    OrchestratorResponse.Builder r =
        OrchestratorResponse.newBuilder()
            .setInstanceId(item.getOrchestratorRequest().getInstanceId())
            .setCompletionToken(item.getCompletionToken());
    for (OrchestratorAction a : actions) {
      r.addActions(a);
    }
    return r;
  }

  static List<HistoryEvent.EventTypeCase> types(List<HistoryEvent> events) {
    List<HistoryEvent.EventTypeCase> out = new ArrayList<>();
    for (HistoryEvent e : events) {
      out.add(e.getEventTypeCase());
    }
    return out;
  }

  static List<HistoryEvent.EventTypeCase> newTypes(WorkItem item) {
    return types(item.getOrchestratorRequest().getNewEventsList());
  }

  static HistoryEvent lastNew(WorkItem item) {
    List<HistoryEvent> events = item.getOrchestratorRequest().getNewEventsList();
    return events.get(events.size() - 1);
  }

  static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static OrchestratorAction scheduleTask(int id, String name, String input) {
    ScheduleTaskAction.Builder t = ScheduleTaskAction.newBuilder().setName(name);
    if (input != null) {
      t.setInput(StringValue.of(input));
    }
    return OrchestratorAction.newBuilder().setId(id).setScheduleTask(t).build();
  }

  static OrchestratorAction complete(int id, String result) {
    CompleteOrchestrationAction.Builder c =
        CompleteOrchestrationAction.newBuilder()
            .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
    if (result != null) {
      c.setResult(StringValue.of(result));
    }
    return OrchestratorAction.newBuilder().setId(id).setCompleteOrchestration(c).build();
  }

  static OrchestratorAction fail(int id, String message) {
    return OrchestratorAction.newBuilder()
        .setId(id)
        .setCompleteOrchestration(
            CompleteOrchestrationAction.newBuilder()
                .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                .setFailureDetails(
                    TaskFailureDetails.newBuilder().setErrorType("Boom").setErrorMessage(message)))
        .build();
  }

  static OrchestratorAction continueAsNew(int id, String input, HistoryEvent... carried) {
    CompleteOrchestrationAction.Builder c =
        CompleteOrchestrationAction.newBuilder()
            .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW)
            .setResult(StringValue.of(input));
    for (HistoryEvent e : carried) {
      c.addCarryoverEvents(e);
    }
    return OrchestratorAction.newBuilder().setId(id).setCompleteOrchestration(c).build();
  }

  static OrchestratorAction timer(int id, Instant fireAt) {
    return OrchestratorAction.newBuilder()
        .setId(id)
        .setCreateTimer(CreateTimerAction.newBuilder().setFireAt(ts(fireAt)))
        .build();
  }

  static OrchestratorAction subOrchestration(int id, String childId, String name, String input) {
    CreateSubOrchestrationAction.Builder c =
        CreateSubOrchestrationAction.newBuilder().setInstanceId(childId).setName(name);
    if (input != null) {
      c.setInput(StringValue.of(input));
    }
    return OrchestratorAction.newBuilder().setId(id).setCreateSubOrchestration(c).build();
  }

  static OrchestratorAction sendEvent(int id, String target, String name, String data) {
    return OrchestratorAction.newBuilder()
        .setId(id)
        .setSendEvent(
            SendEventAction.newBuilder()
                .setInstance(OrchestrationInstance.newBuilder().setInstanceId(target))
                .setName(name)
                .setData(StringValue.of(data)))
        .build();
  }

  static OrchestratorAction callEntity(
      int id, String target, String op, String input, String requestId) {
    EntityOperationCalledEvent.Builder c =
        EntityOperationCalledEvent.newBuilder()
            .setRequestId(requestId)
            .setOperation(op)
            .setTargetInstanceId(StringValue.of(target));
    if (input != null) {
      c.setInput(StringValue.of(input));
    }
    return OrchestratorAction.newBuilder()
        .setId(id)
        .setSendEntityMessage(SendEntityMessageAction.newBuilder().setEntityOperationCalled(c))
        .build();
  }

  static OrchestratorAction signalEntity(
      int id, String target, String op, String input, String requestId) {
    EntityOperationSignaledEvent.Builder s =
        EntityOperationSignaledEvent.newBuilder()
            .setRequestId(requestId)
            .setOperation(op)
            .setTargetInstanceId(StringValue.of(target));
    if (input != null) {
      s.setInput(StringValue.of(input));
    }
    return OrchestratorAction.newBuilder()
        .setId(id)
        .setSendEntityMessage(SendEntityMessageAction.newBuilder().setEntityOperationSignaled(s))
        .build();
  }

  static OrchestratorAction lock(int id, String criticalSectionId, String parent, String... ids) {
    return OrchestratorAction.newBuilder()
        .setId(id)
        .setSendEntityMessage(
            SendEntityMessageAction.newBuilder()
                .setEntityLockRequested(
                    EntityLockRequestedEvent.newBuilder()
                        .setCriticalSectionId(criticalSectionId)
                        .addAllLockSet(List.of(ids))
                        .setPosition(0)
                        .setParentInstanceId(StringValue.of(parent))))
        .build();
  }

  static OrchestratorAction unlock(int id, String criticalSectionId, String parent, String target) {
    return OrchestratorAction.newBuilder()
        .setId(id)
        .setSendEntityMessage(
            SendEntityMessageAction.newBuilder()
                .setEntityUnlockSent(
                    EntityUnlockSentEvent.newBuilder()
                        .setCriticalSectionId(criticalSectionId)
                        .setParentInstanceId(StringValue.of(parent))
                        .setTargetInstanceId(StringValue.of(target))))
        .build();
  }

  static ActivityResponse.Builder activityResult(WorkItem item, String result) {
    ActivityResponse.Builder r =
        ActivityResponse.newBuilder()
            .setInstanceId(item.getActivityRequest().getOrchestrationInstance().getInstanceId())
            .setTaskId(item.getActivityRequest().getTaskId())
            .setCompletionToken(item.getCompletionToken());
    if (result != null) {
      r.setResult(StringValue.of(result));
    }
    return r;
  }
}
