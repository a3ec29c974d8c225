package io.durableentities.orchestration.internal;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.util.ArrayList;
import java.util.List;

/** Runs a golden history through the executor and renders the actions as one line each. */
final class Replay {

  private Replay() {}

  static OrchestratorResponse run(Orchestration orchestration, History history) {
    return run(Orchestrations.newBuilder().orchestration("Orch", orchestration).build(), history);
  }

  static OrchestratorResponse run(Orchestrations registry, History history) {
    return new OrchestrationExecutor(registry).execute(history.request());
  }

  /** The actions of a response, e.g. {@code "#0 ScheduleTask A input=5"}. */
  static List<String> actions(OrchestratorResponse response) {
    List<String> lines = new ArrayList<>();
    for (OrchestratorAction action : response.getActionsList()) {
      lines.add("#" + action.getId() + " " + render(action));
    }
    return lines;
  }

  static List<String> actions(Orchestration orchestration, History history) {
    return actions(run(orchestration, history));
  }

  /** The first action of a type in a response. */
  static OrchestratorAction first(
      OrchestratorResponse response, OrchestratorAction.OrchestratorActionTypeCase type) {
    return response.getActionsList().stream()
        .filter(a -> a.getOrchestratorActionTypeCase() == type)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + actions(response)));
  }

  static CompleteOrchestrationAction completion(OrchestratorResponse response) {
    return first(response, OrchestratorAction.OrchestratorActionTypeCase.COMPLETEORCHESTRATION)
        .getCompleteOrchestration();
  }

  private static String render(OrchestratorAction action) {
    return switch (action.getOrchestratorActionTypeCase()) {
      case SCHEDULETASK ->
          "ScheduleTask "
              + action.getScheduleTask().getName()
              + input(
                  action.getScheduleTask().hasInput(),
                  action.getScheduleTask().getInput().getValue());
      case CREATETIMER -> "CreateTimer " + Wire.instant(action.getCreateTimer().getFireAt());
      case CREATESUBORCHESTRATION ->
          "CreateSubOrchestration "
              + action.getCreateSubOrchestration().getName()
              + " id="
              + action.getCreateSubOrchestration().getInstanceId()
              + input(
                  action.getCreateSubOrchestration().hasInput(),
                  action.getCreateSubOrchestration().getInput().getValue());
      case SENDENTITYMESSAGE -> {
        var message = action.getSendEntityMessage();
        yield switch (message.getEntityMessageTypeCase()) {
          case ENTITYOPERATIONSIGNALED -> {
            var s = message.getEntityOperationSignaled();
            yield "SignalEntity "
                + s.getTargetInstanceId().getValue()
                + " "
                + s.getOperation()
                + input(s.hasInput(), s.getInput().getValue())
                + (s.hasScheduledTime() ? " at=" + Wire.instant(s.getScheduledTime()) : "");
          }
          case ENTITYOPERATIONCALLED -> {
            var c = message.getEntityOperationCalled();
            yield "CallEntity "
                + c.getTargetInstanceId().getValue()
                + " "
                + c.getOperation()
                + input(c.hasInput(), c.getInput().getValue());
          }
          case ENTITYLOCKREQUESTED ->
              "LockEntities " + message.getEntityLockRequested().getLockSetList();
          case ENTITYUNLOCKSENT ->
              "UnlockEntity " + message.getEntityUnlockSent().getTargetInstanceId().getValue();
          default -> message.toString();
        };
      }
      case COMPLETEORCHESTRATION -> {
        CompleteOrchestrationAction c = action.getCompleteOrchestration();
        String status = c.getOrchestrationStatus().name().replace("ORCHESTRATION_STATUS_", "");
        StringBuilder line = new StringBuilder("Complete " + status);
        if (c.hasResult()) {
          line.append(" result=").append(c.getResult().getValue());
        }
        if (c.hasFailureDetails()) {
          String type = c.getFailureDetails().getErrorType();
          line.append(" failure=").append(type.substring(type.lastIndexOf('.') + 1));
        }
        if (c.getCarryoverEventsCount() > 0) {
          List<String> names = new ArrayList<>();
          for (HistoryEvent event : c.getCarryoverEventsList()) {
            names.add(
                event.getEventRaised().getName()
                    + "="
                    + event.getEventRaised().getInput().getValue());
          }
          line.append(" carryover=").append(names);
        }
        yield line.toString();
      }
      default -> action.toString();
    };
  }

  private static String input(boolean present, String json) {
    return present ? " input=" + json : "";
  }
}
