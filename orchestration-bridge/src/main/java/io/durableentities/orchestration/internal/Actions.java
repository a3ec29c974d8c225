package io.durableentities.orchestration.internal;

import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityUnlockSentEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.SendEntityMessageAction;

/**
 * Short descriptions of actions and of the history events that record them. Replay compares the
 * description a history event expects with the one of the action the code produced at the same id,
 * and non-determinism messages quote both.
 */
final class Actions {

  private Actions() {}

  /**
   * The action a history event records, such as {@code ScheduleTask 'Charge'}; null when the event
   * records no action of the orchestration.
   */
  static String expectedBy(HistoryEvent event) {
    return switch (event.getEventTypeCase()) {
      case TASKSCHEDULED -> "ScheduleTask '" + event.getTaskScheduled().getName() + "'";
      case TIMERCREATED -> "CreateTimer";
      case SUBORCHESTRATIONINSTANCECREATED ->
          "CreateSubOrchestration '" + event.getSubOrchestrationInstanceCreated().getName() + "'";
      case EVENTSENT -> "SendEvent '" + event.getEventSent().getName() + "'";
      case ENTITYOPERATIONSIGNALED -> signaled(event.getEntityOperationSignaled());
      case ENTITYOPERATIONCALLED -> called(event.getEntityOperationCalled());
      case ENTITYLOCKREQUESTED -> lockRequested(event.getEntityLockRequested());
      case ENTITYUNLOCKSENT -> unlockSent(event.getEntityUnlockSent());
      default -> null;
    };
  }

  /** Describes an action in the same form as {@link #expectedBy}. */
  static String describe(OrchestratorAction action) {
    return switch (action.getOrchestratorActionTypeCase()) {
      case SCHEDULETASK -> "ScheduleTask '" + action.getScheduleTask().getName() + "'";
      case CREATETIMER -> "CreateTimer";
      case CREATESUBORCHESTRATION ->
          "CreateSubOrchestration '" + action.getCreateSubOrchestration().getName() + "'";
      case SENDEVENT -> "SendEvent '" + action.getSendEvent().getName() + "'";
      case SENDENTITYMESSAGE -> describe(action.getSendEntityMessage());
      case COMPLETEORCHESTRATION ->
          "CompleteOrchestration " + action.getCompleteOrchestration().getOrchestrationStatus();
      default -> action.getOrchestratorActionTypeCase().toString();
    };
  }

  /** The message of a non-determinism failure: what the history expects versus what ran. */
  static String nonDeterminism(
      String orchestration, String instanceId, HistoryEvent event, OrchestratorAction action) {
    String actual =
        action == null
            ? "produced no action with id " + event.getEventId()
            : "produced " + describe(action) + " with id " + event.getEventId();
    return "Non-deterministic orchestration '"
        + orchestration
        + "' (instance '"
        + instanceId
        + "'): the history event "
        + describeEvent(event)
        + " expects the action "
        + expectedBy(event)
        + " with id "
        + event.getEventId()
        + ", but the orchestration code "
        + actual
        + ". Orchestration code must make the same calls in the same order on every replay;"
        + " register changed code under a new orchestration name";
  }

  /** Describes a history event for messages: type, id and name. */
  static String describeEvent(HistoryEvent event) {
    String type = typeName(event);
    String expected = expectedBy(event);
    String detail = expected == null ? "" : " (" + expected + ")";
    return type + " #" + event.getEventId() + detail;
  }

  private static String describe(SendEntityMessageAction message) {
    return switch (message.getEntityMessageTypeCase()) {
      case ENTITYOPERATIONSIGNALED -> signaled(message.getEntityOperationSignaled());
      case ENTITYOPERATIONCALLED -> called(message.getEntityOperationCalled());
      case ENTITYLOCKREQUESTED -> lockRequested(message.getEntityLockRequested());
      case ENTITYUNLOCKSENT -> unlockSent(message.getEntityUnlockSent());
      default -> "SendEntityMessage";
    };
  }

  private static String signaled(EntityOperationSignaledEvent e) {
    return "SendEntityMessage(signal '"
        + e.getOperation()
        + "' to "
        + e.getTargetInstanceId().getValue()
        + ")";
  }

  private static String called(EntityOperationCalledEvent e) {
    return "SendEntityMessage(call '"
        + e.getOperation()
        + "' on "
        + e.getTargetInstanceId().getValue()
        + ")";
  }

  private static String lockRequested(EntityLockRequestedEvent e) {
    return "SendEntityMessage(lock " + e.getLockSetList() + ")";
  }

  private static String unlockSent(EntityUnlockSentEvent e) {
    return "SendEntityMessage(unlock " + e.getTargetInstanceId().getValue() + ")";
  }

  /** The event type as the proto field names it, such as {@code TaskScheduled}. */
  static String typeName(HistoryEvent event) {
    return switch (event.getEventTypeCase()) {
      case TASKSCHEDULED -> "TaskScheduled";
      case TIMERCREATED -> "TimerCreated";
      case SUBORCHESTRATIONINSTANCECREATED -> "SubOrchestrationInstanceCreated";
      case EVENTSENT -> "EventSent";
      case ENTITYOPERATIONSIGNALED -> "EntityOperationSignaled";
      case ENTITYOPERATIONCALLED -> "EntityOperationCalled";
      case ENTITYLOCKREQUESTED -> "EntityLockRequested";
      case ENTITYUNLOCKSENT -> "EntityUnlockSent";
      default -> event.getEventTypeCase().name();
    };
  }
}
