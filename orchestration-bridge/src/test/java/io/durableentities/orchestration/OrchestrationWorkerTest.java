package io.durableentities.orchestration;

import static io.durableentities.testfixtures.Queues.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.TaskEntity;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.testfixtures.FakeSidecar;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker plug-in against a fake sidecar: work items in, completions or abandons out. */
class OrchestrationWorkerTest {

  /** A counter, so that the worker hosts an entity too. */
  public static final class CounterEntity extends TaskEntity<Long> {
    public void add(long amount) {
      state += amount;
    }
  }

  private FakeSidecar sidecar;
  private DurableWorker worker;

  @BeforeEach
  void startSidecar() {
    sidecar = FakeSidecar.start();
  }

  @AfterEach
  void stopAll() {
    if (worker != null) {
      worker.close();
    }
    sidecar.close();
  }

  private GetWorkItemsRequest start(OrchestrationWorker extension) {
    worker =
        DurableWorker.newBuilder(sidecar.connectionString())
            .entity(CounterEntity.class)
            .extension(extension)
            .shutdownTimeout(Duration.ofSeconds(5))
            .start();
    return sidecar.workItems().awaitOpened();
  }

  private static OrchestrationWorker greeter() {
    return OrchestrationWorker.newBuilder(
            Orchestrations.newBuilder()
                .orchestration("Greet", ctx -> "hello " + ctx.input(String.class))
                .activity("Shout", ctx -> ctx.input(String.class) + "!")
                .activity(
                    "Broken",
                    () -> {
                      throw new LinkageError("cannot load the activity");
                    })
                .build())
        .maxConcurrentOrchestrations(3)
        .maxConcurrentActivities(5)
        .build();
  }

  private static WorkItem orchestratorItem(String token, String name, String inputJson) {
    Timestamp now = Timestamp.newBuilder().setSeconds(1_767_225_600L).build();
    ExecutionStartedEvent.Builder started =
        ExecutionStartedEvent.newBuilder()
            .setName(name)
            .setOrchestrationInstance(
                OrchestrationInstance.newBuilder()
                    .setInstanceId("o-1")
                    .setExecutionId(StringValue.of("e-1")));
    if (inputJson != null) {
      started.setInput(StringValue.of(inputJson));
    }
    return WorkItem.newBuilder()
        .setOrchestratorRequest(
            OrchestratorRequest.newBuilder()
                .setInstanceId("o-1")
                .setExecutionId(StringValue.of("e-1"))
                .addNewEvents(
                    HistoryEvent.newBuilder()
                        .setEventId(-1)
                        .setTimestamp(now)
                        .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()))
                .addNewEvents(
                    HistoryEvent.newBuilder()
                        .setEventId(-1)
                        .setTimestamp(now)
                        .setExecutionStarted(started)))
        .setCompletionToken(token)
        .build();
  }

  private static WorkItem activityItem(String token, String name, String inputJson) {
    return WorkItem.newBuilder()
        .setActivityRequest(
            ActivityRequest.newBuilder()
                .setName(name)
                .setTaskId(4)
                .setInput(StringValue.of(inputJson))
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId("o-1")))
        .setCompletionToken(token)
        .build();
  }

  @Test
  void workerWithoutAnOrchestrationWorker_runsTheBuiltInCallOrchestrationByItself() {
    worker =
        DurableWorker.newBuilder(sidecar.connectionString())
            .entity(CounterEntity.class)
            .shutdownTimeout(Duration.ofSeconds(5))
            .start();

    GetWorkItemsRequest request = sidecar.workItems().awaitOpened();

    assertThat(request.getWorkItemFilters().getOrchestrationsList())
        .extracting(OrchestrationFilter::getName)
        .containsExactly("__durableentities.callEntity");
    assertThat(request.getWorkItemFilters().getActivitiesList()).isEmpty();
  }

  @Test
  void stream_carriesPerKindLimitsAndNameFilters() {
    GetWorkItemsRequest request = start(greeter());

    assertThat(request.getMaxConcurrentOrchestrationWorkItems()).isEqualTo(3);
    assertThat(request.getMaxConcurrentActivityWorkItems()).isEqualTo(5);
    assertThat(request.getWorkItemFilters().getOrchestrationsList())
        .extracting(OrchestrationFilter::getName)
        .containsExactlyInAnyOrder("Greet", "__durableentities.callEntity");
    assertThat(request.getWorkItemFilters().getActivitiesList())
        .extracting(f -> f.getName())
        .containsExactlyInAnyOrder("Shout", "Broken");
    assertThat(request.getWorkItemFilters().getEntitiesList())
        .extracting(f -> f.getName())
        .containsExactly("counter");
  }

  @Test
  void defaultLimits_areEightPerProcessor_becauseCompletionsWaitForADurableCommit() {
    OrchestrationWorker worker = OrchestrationWorker.of(Orchestrations.newBuilder().build());

    int expected = 8 * Runtime.getRuntime().availableProcessors();
    assertThat(worker.maxConcurrentOrchestrations()).isEqualTo(expected);
    assertThat(worker.maxConcurrentActivities()).isEqualTo(expected);
  }

  @Test
  void orchestratorWorkItem_completesWithItsTokenAndActions() {
    start(greeter());

    sidecar.workItems().push(orchestratorItem("tok-o", "Greet", "\"ada\""));

    OrchestratorResponse response =
        poll(sidecar.results().orchestrationCompletions, "the completion");
    assertThat(response.getCompletionToken()).isEqualTo("tok-o");
    assertThat(response.getInstanceId()).isEqualTo("o-1");
    var complete = response.getActions(response.getActionsCount() - 1).getCompleteOrchestration();
    assertThat(complete.getOrchestrationStatus())
        .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
    assertThat(complete.getResult().getValue()).isEqualTo("\"hello ada\"");
  }

  @Test
  void unknownOrchestration_completesAsFailedNotAbandoned() {
    start(greeter());

    sidecar.workItems().push(orchestratorItem("tok-unknown", "Nobody", null));

    OrchestratorResponse response =
        poll(sidecar.results().orchestrationCompletions, "the completion");
    var complete = response.getActions(0).getCompleteOrchestration();
    assertThat(complete.getOrchestrationStatus())
        .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED);
    assertThat(complete.getFailureDetails().getErrorType()).isEqualTo("OrchestratorTaskNotFound");
  }

  @Test
  void activityWorkItem_completesWithItsTokenAndResult() {
    start(greeter());

    sidecar.workItems().push(activityItem("tok-a", "Shout", "\"hey\""));

    ActivityResponse response =
        poll(sidecar.results().activityCompletions, "the activity completion");
    assertThat(response.getCompletionToken()).isEqualTo("tok-a");
    assertThat(response.getTaskId()).isEqualTo(4);
    assertThat(response.getInstanceId()).isEqualTo("o-1");
    assertThat(response.getResult().getValue()).isEqualTo("\"hey!\"");
  }

  @Test
  void errorEscapingTheActivityRuntime_abandonsTheItem() {
    start(greeter());

    sidecar.workItems().push(activityItem("tok-broken", "Broken", "null"));

    assertThat(poll(sidecar.results().abandonedActivities, "an abandon")).isEqualTo("tok-broken");
  }

  @Test
  void orchestratorWorkItemWithoutHistory_isAbandoned() {
    start(greeter());

    sidecar
        .workItems()
        .push(
            WorkItem.newBuilder()
                .setOrchestratorRequest(OrchestratorRequest.newBuilder().setInstanceId("o-2"))
                .setCompletionToken("tok-empty")
                .build());

    assertThat(poll(sidecar.results().abandonedOrchestrations, "an abandon"))
        .isEqualTo("tok-empty");
  }

  @Test
  void historyStreamingRequest_isAbandoned() {
    start(greeter());
    WorkItem item = orchestratorItem("tok-stream", "Greet", "\"x\"");

    sidecar
        .workItems()
        .push(
            item.toBuilder()
                .setOrchestratorRequest(
                    item.getOrchestratorRequest().toBuilder().setRequiresHistoryStreaming(true))
                .build());

    assertThat(poll(sidecar.results().abandonedOrchestrations, "an abandon"))
        .isEqualTo("tok-stream");
  }

  @Test
  void rejectedCompletion_abandonsTheItem() {
    start(greeter());
    sidecar
        .results()
        .orchestrationCompletionFailures
        .add(Status.FAILED_PRECONDITION.withDescription("stale token"));

    sidecar.workItems().push(orchestratorItem("tok-stale", "Greet", "\"x\""));

    assertThat(poll(sidecar.results().abandonedOrchestrations, "an abandon"))
        .isEqualTo("tok-stale");
  }

  @Test
  void registryWithoutActivities_runsNoActivityKind() {
    GetWorkItemsRequest request =
        start(
            OrchestrationWorker.of(
                Orchestrations.newBuilder().orchestration("Noop", ctx -> null).build()));

    assertThat(request.getMaxConcurrentActivityWorkItems()).isZero();
    assertThat(request.getWorkItemFilters().getActivitiesCount()).isZero();
  }

  @Test
  void close_letsARunningActivityFinishAndComplete() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(
        OrchestrationWorker.of(
            Orchestrations.newBuilder()
                .activity(
                    "Slow",
                    ctx -> {
                      running.countDown();
                      release.await();
                      return "ok";
                    })
                .build()));
    sidecar.workItems().push(activityItem("tok-slow", "Slow", "null"));
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(worker::close, "closer");
    closer.start();
    await("close waits for the activity")
        .atMost(Duration.ofSeconds(60))
        .until(closer::getState, state -> state == Thread.State.TIMED_WAITING);
    release.countDown();
    closer.join(20_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(poll(sidecar.results().activityCompletions, "the completion").getCompletionToken())
        .isEqualTo("tok-slow");
    assertThat(sidecar.results().abandonedActivities).isEmpty();
  }

  @Test
  void builder_rejectsLimitsBelowOne() {
    Orchestrations registry = Orchestrations.newBuilder().build();

    assertThatThrownBy(
            () -> OrchestrationWorker.newBuilder(registry).maxConcurrentOrchestrations(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentOrchestrations");
    assertThatThrownBy(
            () -> OrchestrationWorker.newBuilder(registry).maxConcurrentActivities(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentActivities");
    assertThat(OrchestrationWorker.of(registry).registry().orchestrationNames())
        .containsExactly("__durableentities.callEntity");
  }
}
