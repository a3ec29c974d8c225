package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TIMERFIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.testing.VirtualTimeScheduler;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on a virtual clock, driven with raw requests: the clock moves only when the engine
 * is idle (nothing ready, nothing leased), through each due timer at its own time and never past an
 * advance's target; automatic skipping moves it only while a call waits for an instance.
 */
class VirtualTimeSchedulerTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.start(START);
  private final ManagedChannel channel = SchedulerHarness.channel(scheduler.port());
  private final TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub client =
      TaskHubSidecarServiceGrpc.newBlockingStub(channel);

  @AfterEach
  void close() {
    channel.shutdownNow();
    scheduler.close();
  }

  private TestWorker worker() {
    return new TestWorker(
        SchedulerHarness.channel(scheduler.port()), null, GetWorkItemsRequest.getDefaultInstance());
  }

  private static Instant at(Duration d) {
    return START.plus(d);
  }

  @Test
  void advance_whileWorkIsReadyButNoWorkerTakesIt_waits_andTheClockStays() throws Exception {
    client.startInstance(Orch.start("o1", "Nobody", null).build());

    CompletableFuture<Instant> advance = scheduler.advanceTo(at(Duration.ofHours(1)));
    await("the clock saw the ready work")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> !scheduler.busy().isEmpty());

    assertThat(scheduler.busy()).containsExactly("orchestration 'Nobody' (instance o1)");
    assertThat(scheduler.now()).isEqualTo(START);
    assertThat(advance).isNotDone();
    scheduler.cancel(advance);
  }

  @Test
  void advance_whileAWorkItemIsLeased_waits_thenFiresTheTimerAtItsOwnTime() throws Exception {
    client.startInstance(Orch.start("o1", "Wait", null).build());
    try (TestWorker worker = worker()) {
      WorkItem first = worker.nextOrchestration();

      CompletableFuture<Instant> advance = scheduler.advanceTo(at(Duration.ofHours(2)));
      await("the clock saw the lease")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> !scheduler.busy().isEmpty());

      assertThat(scheduler.busy())
          .containsExactly("1 work item(s) leased to workers and not yet completed");
      assertThat(scheduler.now()).isEqualTo(START);
      worker.completeOrchestrator(
          Orch.response(first, Orch.timer(0, at(Duration.ofHours(1)))).build());
      WorkItem fired = worker.nextOrchestration();

      assertThat(Orch.lastNew(fired).getEventTypeCase()).isEqualTo(TIMERFIRED);
      assertThat(fired.getOrchestratorRequest().getNewEvents(0).getTimestamp().getSeconds())
          .as("the work item's time is the timer's, not the advance's target")
          .isEqualTo(at(Duration.ofHours(1)).getEpochSecond());
      assertThat(scheduler.now())
          .as("held while the fired timer's work is leased")
          .isEqualTo(at(Duration.ofHours(1)));
      worker.completeOrchestrator(Orch.response(fired, Orch.complete(1, null)).build());
      assertThat(advance.get(20, TimeUnit.SECONDS)).isEqualTo(at(Duration.ofHours(2)));
    }
  }

  @Test
  void advance_neverMovesPastItsTarget_andFiresNothingBeforeItsTime() throws Exception {
    client.startInstance(Orch.start("o1", "Wait", null).build());
    try (TestWorker worker = worker()) {
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.timer(0, at(Duration.ofHours(1))))
              .build());

      Instant halfway = scheduler.advanceTo(at(Duration.ofMinutes(30))).get(20, TimeUnit.SECONDS);

      assertThat(halfway).isEqualTo(at(Duration.ofMinutes(30)));
      assertThat(worker.hasPending()).as("the timer has not fired").isFalse();

      CompletableFuture<Instant> rest = scheduler.advanceTo(at(Duration.ofHours(1)));
      WorkItem fired = worker.nextOrchestration();

      assertThat(Orch.lastNew(fired).getEventTypeCase()).isEqualTo(TIMERFIRED);
      worker.completeOrchestrator(Orch.response(fired, Orch.complete(1, null)).build());
      assertThat(rest.get(20, TimeUnit.SECONDS)).isEqualTo(at(Duration.ofHours(1)));
    }
  }

  @Test
  void autoSkip_movesOnlyWhileACallWaitsForAnInstance() throws Exception {
    client.startInstance(Orch.start("o1", "Wait", null).build());
    try (TestWorker worker = worker()) {
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.timer(0, at(Duration.ofDays(7)))).build());
      scheduler.advanceTo(START).get(20, TimeUnit.SECONDS);
      scheduler.autoSkip(true);
      long seen = scheduler.changes();
      assertThat(scheduler.awaitChange(seen + 2, Duration.ofSeconds(20))).isTrue();

      assertThat(scheduler.now()).as("no call waits: the clock stays").isEqualTo(START);

      CompletableFuture<GetInstanceResponse> done = new CompletableFuture<>();
      TaskHubSidecarServiceGrpc.newStub(channel)
          .waitForInstanceCompletion(
              GetInstanceRequest.newBuilder()
                  .setInstanceId("o1")
                  .setGetInputsAndOutputs(true)
                  .build(),
              observer(done));
      WorkItem fired = worker.nextOrchestration();

      assertThat(Orch.lastNew(fired).getEventTypeCase()).isEqualTo(TIMERFIRED);
      assertThat(scheduler.now()).isEqualTo(at(Duration.ofDays(7)));
      worker.completeOrchestrator(Orch.response(fired, Orch.complete(1, "\"late\"")).build());
      assertThat(done.get(20, TimeUnit.SECONDS).getOrchestrationState().getOutput().getValue())
          .isEqualTo("\"late\"");
    }
  }

  @Test
  void advance_deliversAScheduledSignalAtItsTime() throws Exception {
    client.signalEntity(
        SchedulerHarness.signalRequest("@counter@a", "add", "1").toBuilder()
            .setScheduledTime(Orch.ts(at(Duration.ofMinutes(10))))
            .build());
    try (TestWorker worker = worker()) {
      CompletableFuture<Instant> advance = scheduler.advanceTo(at(Duration.ofHours(1)));
      WorkItem item = worker.nextEntity();

      assertThat(SchedulerHarness.operations(item)).containsExactly("add");
      assertThat(scheduler.now()).isEqualTo(at(Duration.ofMinutes(10)));
      worker.complete(SchedulerHarness.resultAll(item, "1").build());
      assertThat(advance.get(20, TimeUnit.SECONDS)).isEqualTo(at(Duration.ofHours(1)));
    }
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
