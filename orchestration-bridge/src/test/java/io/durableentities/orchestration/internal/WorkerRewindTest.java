package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.EXECUTION;
import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TraceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rewind the worker computes when the backend asks for it as Azure Durable Task Scheduler does
 * ({@code ExecutionRewound} after the failed execution's {@code ExecutionCompleted}), and the
 * replay of the history it returns.
 */
class WorkerRewindTest {

  private static final Instant T1 = T0.plusSeconds(10);
  private static final Instant T2 = T0.plusSeconds(20);
  private static final Instant T3 = T0.plusSeconds(30);
  private static final Instant T4 = T0.plusSeconds(40);

  private final AtomicInteger runs = new AtomicInteger();

  /** Adds the results of activities A and B. */
  private final Orchestration sum =
      ctx -> {
        runs.incrementAndGet();
        int a = ctx.callActivity("A", null, Integer.class).await();
        int b = ctx.callActivity("B", null, Integer.class).await();
        return a + b;
      };

  /** Returns what sub-orchestration Child returns. */
  private final Orchestration parent =
      ctx -> {
        runs.incrementAndGet();
        return ctx.callSubOrchestration("Child", null, "child-1", String.class).await();
      };

  private OrchestratorResponse run(Orchestration orchestration, OrchestratorRequest request) {
    return new OrchestrationExecutor(
            Orchestrations.newBuilder().orchestration("Orch", orchestration).build())
        .execute(request);
  }

  private static List<HistoryEvent> newHistory(OrchestratorResponse response) {
    assertThat(response.getActionsList()).hasSize(1);
    OrchestratorAction action = response.getActions(0);
    assertThat(action.getId()).isEqualTo(-1);
    assertThat(action.hasRewindOrchestration()).isTrue();
    return action.getRewindOrchestration().getNewHistoryList();
  }

  private static List<String> kinds(List<HistoryEvent> events) {
    List<String> kinds = new ArrayList<>();
    for (HistoryEvent e : events) {
      kinds.add(e.getEventTypeCase().name() + (e.getEventId() >= 0 ? "#" + e.getEventId() : ""));
    }
    return kinds;
  }

  private static ExecutionStartedEvent started(List<HistoryEvent> events) {
    return events.stream()
        .filter(HistoryEvent::hasExecutionStarted)
        .findFirst()
        .orElseThrow()
        .getExecutionStarted();
  }

  /** The next work item after the backend stored {@code past}: new events start at {@code at}. */
  private static OrchestratorRequest next(
      List<HistoryEvent> past, Instant at, HistoryEvent... fresh) {
    OrchestratorRequest.Builder request =
        OrchestratorRequest.newBuilder()
            .setInstanceId(History.INSTANCE)
            .addAllPastEvents(past)
            .addNewEvents(
                HistoryEvent.newBuilder()
                    .setEventId(-1)
                    .setTimestamp(Wire.timestamp(at))
                    .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()));
    for (HistoryEvent e : fresh) {
      request.addNewEvents(e);
    }
    return request.build();
  }

  @Test
  void rewindRequest_failedActivity_answersWithHistoryWithoutTheFailure() {
    OrchestratorResponse response = run(sum, RewindHistories.failedAtB().request());

    List<HistoryEvent> history = newHistory(response);
    assertThat(kinds(history))
        .containsExactly(
            "ORCHESTRATORSTARTED",
            "EXECUTIONSTARTED",
            "TASKSCHEDULED#0",
            "ORCHESTRATORCOMPLETED",
            "ORCHESTRATORSTARTED",
            "TASKCOMPLETED",
            "ORCHESTRATORCOMPLETED",
            "ORCHESTRATORSTARTED",
            "ORCHESTRATORCOMPLETED",
            "ORCHESTRATORSTARTED",
            "EXECUTIONREWOUND");
    assertThat(history.get(history.size() - 1).getExecutionRewound().getReason().getValue())
        .isEqualTo("fixed");
    String execution = started(history).getOrchestrationInstance().getExecutionId().getValue();
    assertThat(execution).matches("[0-9a-f]{32}").isNotEqualTo(EXECUTION);
    assertThat(started(history).hasParentInstance()).isFalse();
    assertThat(response.getInstanceId()).isEqualTo(History.INSTANCE);
    assertThat(runs).as("the rewind runs no orchestration code").hasValue(0);
  }

  @Test
  void replayOfTheRewoundHistory_schedulesOnlyTheFailedActivity_thenCompletes() {
    List<HistoryEvent> history = newHistory(run(sum, RewindHistories.failedAtB().request()));

    OrchestratorResponse woken = run(sum, next(history, T4));

    assertThat(Replay.actions(woken)).containsExactly("#1 ScheduleTask B");

    List<HistoryEvent> stored = new ArrayList<>(history);
    stored.addAll(next(history, T4).getNewEventsList());
    stored.add(
        HistoryEvent.newBuilder()
            .setEventId(1)
            .setTaskScheduled(
                io.durableentities.protocol.internal.TaskScheduledEvent.newBuilder().setName("B"))
            .build());
    OrchestratorResponse done =
        run(
            sum,
            next(
                stored,
                T4.plusSeconds(1),
                HistoryEvent.newBuilder()
                    .setEventId(-1)
                    .setTaskCompleted(
                        TaskCompletedEvent.newBuilder()
                            .setTaskScheduledId(1)
                            .setResult(StringValue.of("2")))
                    .build()));

    assertThat(Replay.actions(done)).containsExactly("#2 Complete COMPLETED result=3");
  }

  @Test
  void rewindRequest_failedSubOrchestration_keepsItsCreationForTheBackendToRewind() {
    History failed =
        History.started("Orch", null)
            .subOrchestrationCreated(0, "Child", "child-1")
            .episode(T1)
            .subOrchestrationFailed(0, "java.lang.IllegalStateException", "child broke")
            .executionFailed("TaskFailedException", "child broke")
            .newEvents(T2)
            .executionRewound("fixed", null);

    List<HistoryEvent> history = newHistory(run(parent, failed.request()));

    assertThat(kinds(history))
        .containsExactly(
            "ORCHESTRATORSTARTED",
            "EXECUTIONSTARTED",
            "SUBORCHESTRATIONINSTANCECREATED#0",
            "ORCHESTRATORCOMPLETED",
            "ORCHESTRATORSTARTED",
            "ORCHESTRATORCOMPLETED",
            "ORCHESTRATORSTARTED",
            "EXECUTIONREWOUND");
    assertThat(Replay.actions(run(parent, next(history, T3))))
        .as("the parent waits for the child the backend rewinds; it creates none")
        .isEmpty();
  }

  @Test
  void rewindRequest_ofASubOrchestration_takesTheParentsNewExecutionAndTrace() {
    TraceContext trace =
        TraceContext.newBuilder()
            .setTraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build();
    History failed = RewindHistories.failedAtB().parent("parent-1", "parent-exec-1");
    OrchestratorRequest request = failed.request();
    HistoryEvent rewound = request.getNewEvents(1);
    request =
        request.toBuilder()
            .setNewEvents(
                1,
                rewound.toBuilder()
                    .setExecutionRewound(
                        rewound.getExecutionRewound().toBuilder()
                            .setParentExecutionId(StringValue.of("parent-exec-2"))
                            .setParentTraceContext(trace)))
            .build();

    ExecutionStartedEvent started = started(newHistory(run(sum, request)));

    assertThat(started.getParentInstance().getOrchestrationInstance().getInstanceId())
        .isEqualTo("parent-1");
    assertThat(started.getParentInstance().getOrchestrationInstance().getExecutionId().getValue())
        .isEqualTo("parent-exec-2");
    assertThat(started.getParentTraceContext()).isEqualTo(trace);
  }

  @Test
  void executionRewoundWithoutExecutionCompleted_isAWakeUp_andReplaysAsUsual() {
    // the form our embedded scheduler sends: it rewrote the history itself
    History rewritten =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .episode(T1)
            .taskCompleted(0, "1")
            .newEvents(T3)
            .executionRewound("fixed", null);

    assertThat(Replay.actions(run(sum, rewritten.request()))).containsExactly("#1 ScheduleTask B");
    assertThat(runs).hasValue(1);
  }

  @Test
  void rewindRequestWithOtherNewEvents_isRefusedNamingTheEvents() {
    OrchestratorRequest request = RewindHistories.failedAtB().request();
    OrchestratorRequest extra =
        request.toBuilder().addNewEvents(1, request.getNewEvents(0)).build();

    assertThatThrownBy(() -> run(sum, extra))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + History.INSTANCE + "'")
        .hasMessageContaining("[ORCHESTRATORSTARTED, ORCHESTRATORSTARTED, EXECUTIONREWOUND]");
  }
}
