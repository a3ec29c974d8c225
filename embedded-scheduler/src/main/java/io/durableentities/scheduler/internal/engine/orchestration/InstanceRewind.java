package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ExecutionRewoundEvent;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCompletedEvent;
import io.durableentities.protocol.internal.TimerFiredEvent;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Rewinds a failed orchestration ({@code RewindInstance}), on the writer thread: the execution's
 * history loses its failed activities (their {@code TaskScheduled} and {@code TaskFailed}), its
 * failed sub-orchestration results and its {@code ExecutionCompleted}, gets a new execution id, and
 * an {@code ExecutionRewound} event wakes it; the worker replays what completed and schedules again
 * what is missing. The history is rewritten here, so any worker that replays (ours, and the SDKs
 * that ignore {@code ExecutionRewound} when no {@code ExecutionCompleted} precedes it) resumes it.
 *
 * <p>What the failed execution left open is made whole: an activity scheduled but never answered
 * runs again; a timer not yet fired is set again; a sub-orchestration without a result is rewound
 * when it failed, told its parent's new execution when it still runs, answered again from its
 * output when it completed, and created anew (its {@code SubOrchestrationInstanceCreated} dropped)
 * when it is gone or ended otherwise. Critical sections and entity calls without an answer cannot
 * be resumed (the locks were released when the execution failed): such an instance is refused.
 */
final class InstanceRewind {

  private final Orchestrations orchestrations;

  InstanceRewind(Orchestrations orchestrations) {
    this.orchestrations = orchestrations;
  }

  /**
   * Rewinds {@code o}, which must be FAILED, and the failed sub-orchestrations it waits for.
   *
   * @param reason the reason recorded in {@code ExecutionRewound}, or null
   * @param newParent the parent for the new execution (the rewound parent's new execution, or the
   *     parent it had)
   * @throws io.grpc.StatusRuntimeException FAILED_PRECONDITION naming the instance and its status
   *     when it is not FAILED, or the entity work that cannot be resumed
   */
  void rewind(
      EngineState s, OrchestrationRuntime o, String reason, ParentInstanceInfo newParent, long now)
      throws SQLException {
    Map<OrchestrationRuntime, List<HistoryEvent>> histories = new HashMap<>();
    check(s, o, histories);
    apply(s, o, histories, reason, newParent, now);
  }

  /**
   * Checks, before anything changes, that {@code o} and the failed sub-orchestrations it waits for
   * can be rewound, and reads their histories.
   */
  private void check(
      EngineState s,
      OrchestrationRuntime o,
      Map<OrchestrationRuntime, List<HistoryEvent>> histories)
      throws SQLException {
    if (o.status() != OrchestrationStatus.ORCHESTRATION_STATUS_FAILED) {
      throw Status.FAILED_PRECONDITION
          .withDescription(
              "RewindInstance: orchestration '"
                  + o.instanceId()
                  + "' is "
                  + o.status()
                  + "; only a FAILED orchestration can be rewound (restart it to run it again"
                  + " from the start)")
          .asRuntimeException();
    }
    List<HistoryEvent> history = orchestrations.currentHistory(o);
    refuseOpenEntityWork(o, history);
    histories.put(o, history);
    Map<Integer, HistoryEvent> answered = answers(history);
    for (HistoryEvent e : history) {
      if (e.hasSubOrchestrationInstanceCreated()
          && !answered.containsKey(e.getEventId())
          && resumable(s, o, e)) {
        OrchestrationRuntime child = child(s, o, e);
        if (child.status() == OrchestrationStatus.ORCHESTRATION_STATUS_FAILED) {
          check(s, child, histories);
        }
      }
    }
  }

  private void apply(
      EngineState s,
      OrchestrationRuntime o,
      Map<OrchestrationRuntime, List<HistoryEvent>> histories,
      String reason,
      ParentInstanceInfo newParent,
      long now)
      throws SQLException {
    List<HistoryEvent> old = histories.get(o);
    Map<Integer, HistoryEvent> answered = answers(old);
    String executionId = UUID.randomUUID().toString().replace("-", "");
    List<HistoryEvent> kept = new ArrayList<>();
    List<HistoryEvent> openTimers = new ArrayList<>();
    List<HistoryEvent> openChildren = new ArrayList<>();
    for (HistoryEvent e : old) {
      switch (e.getEventTypeCase()) {
        case TASKFAILED, SUBORCHESTRATIONINSTANCEFAILED, EXECUTIONCOMPLETED -> {}
        case TASKSCHEDULED -> {
          if (answered.containsKey(e.getEventId())) {
            kept.add(e);
          }
        }
        case EXECUTIONSTARTED -> kept.add(withExecution(e, executionId, newParent));
        case TIMERCREATED -> {
          kept.add(e);
          if (!answered.containsKey(e.getEventId())) {
            openTimers.add(e);
          }
        }
        case SUBORCHESTRATIONINSTANCECREATED -> {
          if (answered.containsKey(e.getEventId())) {
            kept.add(e);
          } else if (resumable(s, o, e)) {
            kept.add(e);
            openChildren.add(e);
          }
        }
        default -> kept.add(e);
      }
    }
    orchestrations.clearStoredExecution(o);
    o.rewind(executionId, newParent, now);
    for (HistoryEvent e : kept) {
      orchestrations.appendHistory(o, e);
    }
    ExecutionRewoundEvent.Builder rewound = ExecutionRewoundEvent.newBuilder();
    if (reason != null) {
      rewound.setReason(StringValue.of(reason));
    }
    if (newParent != null) {
      rewound
          .setParentExecutionId(newParent.getOrchestrationInstance().getExecutionId())
          .setInstanceId(StringValue.of(o.instanceId()));
    }
    orchestrations.addInbox(s, o, Protos.event(now).setExecutionRewound(rewound).build(), 0, now);
    for (HistoryEvent timer : openTimers) {
      orchestrations.addInbox(
          s,
          o,
          Protos.event(now)
              .setTimerFired(
                  TimerFiredEvent.newBuilder()
                      .setFireAt(timer.getTimerCreated().getFireAt())
                      .setTimerId(timer.getEventId()))
              .build(),
          Protos.millis(timer.getTimerCreated().getFireAt()),
          now);
    }
    orchestrations.persist(s, o);
    o.hub().refresh(o, now);
    for (HistoryEvent created : openChildren) {
      resumeChild(s, o, created, histories, reason, now);
    }
  }

  /** Whether a sub-orchestration without a result can be resumed rather than created anew. */
  private boolean resumable(EngineState s, OrchestrationRuntime parent, HistoryEvent created)
      throws SQLException {
    OrchestrationRuntime child = child(s, parent, created);
    return child != null
        && child.parent() != null
        && child.parent().getOrchestrationInstance().getInstanceId().equals(parent.instanceId())
        && (child.isActive()
            || child.status() == OrchestrationStatus.ORCHESTRATION_STATUS_FAILED
            || child.status() == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
  }

  /** A sub-orchestration, read from the store when it finished (it then stays for the group). */
  private OrchestrationRuntime child(
      EngineState s, OrchestrationRuntime parent, HistoryEvent created) throws SQLException {
    return orchestrations
        .stored()
        .find(s, parent.hub(), created.getSubOrchestrationInstanceCreated().getInstanceId());
  }

  private void resumeChild(
      EngineState s,
      OrchestrationRuntime parent,
      HistoryEvent created,
      Map<OrchestrationRuntime, List<HistoryEvent>> histories,
      String reason,
      long now)
      throws SQLException {
    OrchestrationRuntime child = child(s, parent, created);
    ParentInstanceInfo newParent =
        child.parent().toBuilder()
            .setOrchestrationInstance(OrchestratorCompletion.instance(parent))
            .build();
    if (child.status() == OrchestrationStatus.ORCHESTRATION_STATUS_FAILED) {
      apply(s, child, histories, reason, newParent, now);
    } else if (child.isActive()) {
      child.reparent(newParent);
      orchestrations.persist(s, child);
    } else {
      SubOrchestrationInstanceCompletedEvent.Builder done =
          SubOrchestrationInstanceCompletedEvent.newBuilder()
              .setTaskScheduledId(created.getEventId());
      if (child.output() != null) {
        done.setResult(StringValue.of(child.output()));
      }
      orchestrations.addInbox(
          s, parent, Protos.event(now).setSubOrchestrationInstanceCompleted(done).build(), 0, now);
    }
  }

  /** The events that answered an action, by the action's id (completions and fired timers). */
  private static Map<Integer, HistoryEvent> answers(List<HistoryEvent> history) {
    Map<Integer, HistoryEvent> answered = new HashMap<>();
    for (HistoryEvent e : history) {
      switch (e.getEventTypeCase()) {
        case TASKCOMPLETED -> answered.put(e.getTaskCompleted().getTaskScheduledId(), e);
        case TIMERFIRED -> answered.put(e.getTimerFired().getTimerId(), e);
        case SUBORCHESTRATIONINSTANCECOMPLETED ->
            answered.put(e.getSubOrchestrationInstanceCompleted().getTaskScheduledId(), e);
        default -> {}
      }
    }
    return answered;
  }

  private static void refuseOpenEntityWork(OrchestrationRuntime o, List<HistoryEvent> history) {
    Set<String> calls = new HashSet<>();
    for (HistoryEvent e : history) {
      switch (e.getEventTypeCase()) {
        case ENTITYLOCKREQUESTED ->
            throw Status.FAILED_PRECONDITION
                .withDescription(
                    "RewindInstance: orchestration '"
                        + o.instanceId()
                        + "' locked entities; its locks were released when it failed, so its"
                        + " critical section cannot be resumed: restart it instead")
                .asRuntimeException();
        case ENTITYOPERATIONCALLED -> calls.add(e.getEntityOperationCalled().getRequestId());
        case ENTITYOPERATIONCOMPLETED ->
            calls.remove(e.getEntityOperationCompleted().getRequestId());
        case ENTITYOPERATIONFAILED -> calls.remove(e.getEntityOperationFailed().getRequestId());
        default -> {}
      }
    }
    if (!calls.isEmpty()) {
      throw Status.FAILED_PRECONDITION
          .withDescription(
              "RewindInstance: orchestration '"
                  + o.instanceId()
                  + "' failed while "
                  + calls.size()
                  + " entity call(s) had no answer; those calls cannot be resumed: restart it"
                  + " instead")
          .asRuntimeException();
    }
  }

  private static HistoryEvent withExecution(
      HistoryEvent started, String executionId, ParentInstanceInfo parent) {
    ExecutionStartedEvent.Builder b = started.getExecutionStarted().toBuilder();
    b.getOrchestrationInstanceBuilder().setExecutionId(StringValue.of(executionId));
    if (parent != null) {
      b.setParentInstance(parent);
    }
    return started.toBuilder().setExecutionStarted(b).build();
  }
}
