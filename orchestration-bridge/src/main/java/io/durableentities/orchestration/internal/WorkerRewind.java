package io.durableentities.orchestration.internal;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ExecutionRewoundEvent;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.RewindOrchestrationAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A rewind computed by the worker, as Azure Durable Task Scheduler (DTS) asks for it: the backend
 * appends {@code ExecutionRewound} to a failed execution and the worker answers with one {@code
 * RewindOrchestrationAction} (id -1) carrying the history the execution resumes from. No
 * orchestration code runs.
 *
 * <p>What the official SDKs do, read from their source (DTS itself was not run): the .NET worker's
 * {@code RewindOrchestrationHandler} (microsoft/durabletask-dotnet, {@code src/Worker/Grpc}), the
 * JavaScript SDK 0.4.0's {@code worker/rewind.js} and {@code OrchestrationExecutor.execute}, and
 * durabletask-go's {@code buildRewindResult}, which all agree:
 *
 * <ul>
 *   <li>it is a rewind request when the new events hold {@code ExecutionRewound} and the past
 *       events hold {@code ExecutionCompleted} (the failed execution's end). Without {@code
 *       ExecutionCompleted} the backend already rewrote the history and {@code ExecutionRewound}
 *       only wakes the instance: it is replayed as usual. That is the form our embedded scheduler
 *       sends, which rewrites the history itself ({@code InstanceRewind}), so nothing changes
 *       there;
 *   <li>the new events must be exactly {@code OrchestratorStarted, ExecutionRewound} (the SDKs
 *       reject anything else; so does this worker, and the work item is abandoned);
 *   <li>the new history is the past events and the two new events, without {@code TaskFailed}, the
 *       {@code TaskScheduled} of each failed activity (so the replay schedules it again), {@code
 *       SubOrchestrationInstanceFailed} and {@code ExecutionCompleted}; {@code
 *       SubOrchestrationInstanceCreated} of a failed sub-orchestration stays, so the backend knows
 *       which children to rewind (the backend rewinds them, not the parent's worker); {@code
 *       ExecutionRewound} stays, as the record of the rewind;
 *   <li>{@code ExecutionStarted} gets a new execution id (a random UUID without dashes), and for a
 *       sub-orchestration the parent's execution id that {@code ExecutionRewound.parentExecutionId}
 *       names; the .NET worker also takes {@code ExecutionRewound.parentTraceContext} as the new
 *       parent trace context, and so does this one.
 * </ul>
 *
 * <p>Timers of an activity's retry policy stay in the history, as in the SDKs, so an activity with
 * a retry policy cannot be rewound this way either.
 */
final class WorkerRewind {

  private WorkerRewind() {}

  /** Whether the request asks the worker to compute a rewind (see the class comment). */
  static boolean isRequested(OrchestratorRequest request) {
    return request.getNewEventsList().stream().anyMatch(HistoryEvent::hasExecutionRewound)
        && request.getPastEventsList().stream().anyMatch(HistoryEvent::hasExecutionCompleted);
  }

  /**
   * Builds the response to a rewind request.
   *
   * @param request a request for which {@link #isRequested} holds
   * @return the response with one {@code RewindOrchestrationAction}
   * @throws IllegalArgumentException if the new events are not exactly {@code OrchestratorStarted,
   *     ExecutionRewound}
   */
  static OrchestratorResponse respond(OrchestratorRequest request) {
    List<HistoryEvent> fresh = request.getNewEventsList();
    if (fresh.size() != 2
        || !fresh.get(0).hasOrchestratorStarted()
        || !fresh.get(1).hasExecutionRewound()) {
      List<String> kinds = new ArrayList<>();
      fresh.forEach(e -> kinds.add(e.getEventTypeCase().name()));
      throw new IllegalArgumentException(
          "the rewind of instance '"
              + request.getInstanceId()
              + "' (its new events hold ExecutionRewound after the failed execution's"
              + " ExecutionCompleted) must have exactly two new events, ORCHESTRATORSTARTED and"
              + " EXECUTIONREWOUND, as the Durable Task SDKs require; it has "
              + kinds);
    }
    ExecutionRewoundEvent rewound = fresh.get(1).getExecutionRewound();
    List<HistoryEvent> all = new ArrayList<>(request.getPastEventsList());
    all.addAll(fresh);
    Set<Integer> failedTasks = new HashSet<>();
    for (HistoryEvent e : all) {
      if (e.hasTaskFailed()) {
        failedTasks.add(e.getTaskFailed().getTaskScheduledId());
      }
    }
    String executionId = UUID.randomUUID().toString().replace("-", "");
    RewindOrchestrationAction.Builder rewind = RewindOrchestrationAction.newBuilder();
    for (HistoryEvent e : all) {
      switch (e.getEventTypeCase()) {
        case TASKFAILED, SUBORCHESTRATIONINSTANCEFAILED, EXECUTIONCOMPLETED -> {}
        case TASKSCHEDULED -> {
          if (!failedTasks.contains(e.getEventId())) {
            rewind.addNewHistory(e);
          }
        }
        case EXECUTIONSTARTED -> rewind.addNewHistory(restarted(e, executionId, rewound));
        default -> rewind.addNewHistory(e);
      }
    }
    return OrchestratorResponse.newBuilder()
        .setInstanceId(request.getInstanceId())
        .addActions(OrchestratorAction.newBuilder().setId(-1).setRewindOrchestration(rewind))
        .build();
  }

  private static HistoryEvent restarted(
      HistoryEvent event, String executionId, ExecutionRewoundEvent rewound) {
    ExecutionStartedEvent.Builder started = event.getExecutionStarted().toBuilder();
    started.getOrchestrationInstanceBuilder().setExecutionId(StringValue.of(executionId));
    String parentExecution = rewound.getParentExecutionId().getValue();
    if (!parentExecution.isEmpty() && started.hasParentInstance()) {
      started
          .getParentInstanceBuilder()
          .getOrchestrationInstanceBuilder()
          .setExecutionId(StringValue.of(parentExecution));
    }
    if (rewound.hasParentTraceContext()) {
      started.setParentTraceContext(rewound.getParentTraceContext());
    }
    return event.toBuilder().setExecutionStarted(started).build();
  }
}
