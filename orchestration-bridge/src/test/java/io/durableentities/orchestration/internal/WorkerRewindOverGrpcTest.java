package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.T0;
import static io.durableentities.testfixtures.Queues.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.client.DurableWorker;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TaskScheduledEvent;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.testfixtures.FakeSidecar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our worker over gRPC, fed the work items Azure Durable Task Scheduler sends for a rewind (as the
 * official SDKs' workers expect them): it answers the rewind request with a {@code
 * RewindOrchestrationAction}, then replays the stored history, running again only the activity that
 * had failed.
 */
class WorkerRewindOverGrpcTest {

  private static final Instant T4 = T0.plusSeconds(40);

  private FakeSidecar sidecar;
  private DurableWorker worker;

  @BeforeEach
  void start() {
    sidecar = FakeSidecar.start();
    worker =
        DurableWorker.newBuilder(sidecar.connectionString())
            .extension(
                OrchestrationWorker.newBuilder(
                        Orchestrations.newBuilder()
                            .orchestration(
                                "Orch",
                                ctx -> {
                                  int a = ctx.callActivity("A", null, Integer.class).await();
                                  int b = ctx.callActivity("B", null, Integer.class).await();
                                  return a + b;
                                })
                            .build())
                    .build())
            .shutdownTimeout(Duration.ofSeconds(5))
            .start();
    sidecar.workItems().awaitOpened();
  }

  @AfterEach
  void stop() {
    worker.close();
    sidecar.close();
  }

  private static WorkItem item(String token, OrchestratorRequest request) {
    return WorkItem.newBuilder().setOrchestratorRequest(request).setCompletionToken(token).build();
  }

  private static OrchestratorRequest next(List<HistoryEvent> past, Instant at, HistoryEvent fresh) {
    OrchestratorRequest.Builder request =
        OrchestratorRequest.newBuilder()
            .setInstanceId(History.INSTANCE)
            .addAllPastEvents(past)
            .addNewEvents(
                HistoryEvent.newBuilder()
                    .setEventId(-1)
                    .setTimestamp(Wire.timestamp(at))
                    .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()));
    if (fresh != null) {
      request.addNewEvents(fresh);
    }
    return request.build();
  }

  @Test
  void rewindAsDtsAsksForIt_isAnsweredWithTheNewHistory_whoseReplayFinishesTheWork() {
    sidecar.workItems().push(item("tok-rewind", RewindHistories.failedAtB().request()));

    OrchestratorResponse rewind = poll(sidecar.results().orchestrationCompletions, "the rewind");
    assertThat(rewind.getCompletionToken()).isEqualTo("tok-rewind");
    assertThat(rewind.getInstanceId()).isEqualTo(History.INSTANCE);
    assertThat(rewind.getActionsList()).hasSize(1);
    OrchestratorAction action = rewind.getActions(0);
    assertThat(action.getId()).isEqualTo(-1);
    List<HistoryEvent> history = action.getRewindOrchestration().getNewHistoryList();
    assertThat(history)
        .noneMatch(e -> e.hasTaskFailed() || e.hasExecutionCompleted())
        .noneMatch(e -> e.hasTaskScheduled() && e.getEventId() == 1)
        .anyMatch(e -> e.hasTaskScheduled() && e.getEventId() == 0)
        .anyMatch(HistoryEvent::hasTaskCompleted)
        .anyMatch(HistoryEvent::hasExecutionRewound);

    // DTS stores the new history and wakes the instance
    sidecar.workItems().push(item("tok-wake", next(history, T4, null)));

    OrchestratorResponse woken = poll(sidecar.results().orchestrationCompletions, "the wake-up");
    assertThat(woken.getCompletionToken()).isEqualTo("tok-wake");
    assertThat(Replay.actions(woken)).containsExactly("#1 ScheduleTask B");

    List<HistoryEvent> stored = new ArrayList<>(history);
    stored.addAll(next(history, T4, null).getNewEventsList());
    stored.add(
        HistoryEvent.newBuilder()
            .setEventId(1)
            .setTaskScheduled(TaskScheduledEvent.newBuilder().setName("B"))
            .build());
    HistoryEvent bDone =
        HistoryEvent.newBuilder()
            .setEventId(-1)
            .setTaskCompleted(
                TaskCompletedEvent.newBuilder()
                    .setTaskScheduledId(1)
                    .setResult(StringValue.of("2")))
            .build();
    sidecar.workItems().push(item("tok-done", next(stored, T4.plusSeconds(1), bDone)));

    OrchestratorResponse done = poll(sidecar.results().orchestrationCompletions, "the end");
    assertThat(Replay.actions(done)).containsExactly("#2 Complete COMPLETED result=3");
  }

  @Test
  void rewindRequestWithUnexpectedNewEvents_isAbandoned() {
    OrchestratorRequest request = RewindHistories.failedAtB().request();
    sidecar
        .workItems()
        .push(
            item("tok-odd", request.toBuilder().addNewEvents(1, request.getNewEvents(0)).build()));

    assertThat(poll(sidecar.results().abandonedOrchestrations, "an abandon")).isEqualTo("tok-odd");
  }
}
