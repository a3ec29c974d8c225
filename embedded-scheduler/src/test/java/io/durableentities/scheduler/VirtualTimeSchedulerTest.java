package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TIMERFIRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.testing.VirtualTimeScheduler;
import io.durableentities.scheduler.internal.testing.VirtualTimeScheduler.Outcome;
import io.durableentities.scheduler.internal.testing.VirtualTimeScheduler.Step;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on a virtual clock, driven with raw requests: the clock moves only when the engine
 * is idle (nothing ready, nothing leased), to the earliest due timer and never past the limit, and
 * with {@code whileWaitedOn} only while a call waits for an instance.
 */
class VirtualTimeSchedulerTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant NEVER = Instant.MAX;

  private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.start(START);
  private final ManagedChannel channel = SchedulerHarness.channel(scheduler.port());
  private final TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub client =
      TaskHubSidecarServiceGrpc.newBlockingStub(channel);

  @AfterEach
  void close() {
    channel.shutdownNow();
    scheduler.close();
  }

  @Test
  void step_whileWorkIsReadyButNoWorkerTakesIt_isBusy_andTheClockStays() {
    client.startInstance(Orch.start("o1", "Nobody", null).build());

    Step step = scheduler.step(NEVER, false);

    assertThat(step.outcome()).isEqualTo(Outcome.BUSY);
    assertThat(step.busy()).containsExactly("orchestration 'Nobody' (instance o1)");
    assertThat(scheduler.now()).isEqualTo(START);
  }

  @Test
  void step_whileAWorkItemIsLeased_isBusy_thenMovesToTheTimerOnceItIsCompleted() throws Exception {
    client.startInstance(Orch.start("o1", "Wait", null).build());
    try (TestWorker worker =
        new TestWorker(
            SchedulerHarness.channel(scheduler.port()),
            null,
            GetWorkItemsRequest.getDefaultInstance())) {
      WorkItem first = worker.nextOrchestration();

      Step whileLeased = scheduler.step(NEVER, false);
      assertThat(whileLeased.outcome()).isEqualTo(Outcome.BUSY);
      assertThat(whileLeased.busy())
          .containsExactly("1 work item(s) leased to workers and not yet completed");

      worker.completeOrchestrator(
          Orch.response(first, Orch.timer(0, START.plus(Duration.ofHours(1)))).build());
      Step moved = awaitStep(NEVER, false);

      assertThat(moved.outcome()).isEqualTo(Outcome.MOVED);
      assertThat(moved.time()).isEqualTo(START.plus(Duration.ofHours(1)));
      WorkItem fired = worker.nextOrchestration();
      assertThat(Orch.lastNew(fired).getEventTypeCase()).isEqualTo(TIMERFIRED);
      assertThat(fired.getOrchestratorRequest().getNewEvents(0).getTimestamp().getSeconds())
          .as("the work item's time is the virtual clock's")
          .isEqualTo(START.plus(Duration.ofHours(1)).getEpochSecond());
    }
  }

  @Test
  void step_neverMovesPastTheLimit_andFiresNothingBeforeItsTime() throws Exception {
    client.startInstance(Orch.start("o1", "Wait", null).build());
    try (TestWorker worker =
        new TestWorker(
            SchedulerHarness.channel(scheduler.port()),
            null,
            GetWorkItemsRequest.getDefaultInstance())) {
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.timer(0, START.plus(Duration.ofHours(1))))
              .build());

      Step halfway = awaitStep(START.plus(Duration.ofMinutes(30)), false);
      Step again = scheduler.step(START.plus(Duration.ofMinutes(30)), false);

      assertThat(halfway.outcome()).isEqualTo(Outcome.MOVED);
      assertThat(halfway.time()).isEqualTo(START.plus(Duration.ofMinutes(30)));
      assertThat(again.outcome()).as("nothing due up to the limit").isEqualTo(Outcome.SETTLED);
      assertThat(worker.hasPending()).as("the timer has not fired").isFalse();

      Step due = scheduler.step(NEVER, false);

      assertThat(due.outcome()).isEqualTo(Outcome.MOVED);
      assertThat(due.time()).isEqualTo(START.plus(Duration.ofHours(1)));
      assertThat(Orch.lastNew(worker.nextOrchestration()).getEventTypeCase()).isEqualTo(TIMERFIRED);
    }
  }

  @Test
  void step_whileWaitedOn_movesOnlyWhileACallWaitsForAnInstance() throws Exception {
    client.startInstance(Orch.start("o1", "Wait", null).build());
    try (TestWorker worker =
        new TestWorker(
            SchedulerHarness.channel(scheduler.port()),
            null,
            GetWorkItemsRequest.getDefaultInstance())) {
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.timer(0, START.plus(Duration.ofDays(7))))
              .build());
      assertThat(awaitStep(START, false).outcome()).isEqualTo(Outcome.SETTLED);

      Step unwatched = scheduler.step(NEVER, true);

      assertThat(unwatched.outcome()).isEqualTo(Outcome.NOT_WAITED_ON);
      assertThat(scheduler.now()).isEqualTo(START);

      CompletableFuture<GetInstanceResponse> done = new CompletableFuture<>();
      TaskHubSidecarServiceGrpc.newStub(channel)
          .waitForInstanceCompletion(
              GetInstanceRequest.newBuilder()
                  .setInstanceId("o1")
                  .setGetInputsAndOutputs(true)
                  .build(),
              observer(done));
      Await.until("the call waits", () -> scheduler.waitingCalls() == 1);

      Step watched = scheduler.step(NEVER, true);

      assertThat(watched.outcome()).isEqualTo(Outcome.MOVED);
      assertThat(watched.time()).isEqualTo(START.plus(Duration.ofDays(7)));
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.complete(1, "\"late\"")).build());
      assertThat(done.get().getOrchestrationState().getOutput().getValue()).isEqualTo("\"late\"");
    }
  }

  @Test
  void step_movesToAScheduledSignal_andTheEntityGetsItThen() throws Exception {
    client.signalEntity(
        SchedulerHarness.signalRequest("@counter@a", "add", "1").toBuilder()
            .setScheduledTime(Orch.ts(START.plus(Duration.ofMinutes(10))))
            .build());
    try (TestWorker worker =
        new TestWorker(
            SchedulerHarness.channel(scheduler.port()),
            null,
            GetWorkItemsRequest.getDefaultInstance())) {
      assertThat(awaitStep(START, false).outcome()).isEqualTo(Outcome.SETTLED);

      Step step = scheduler.step(NEVER, false);

      assertThat(step.time()).isEqualTo(START.plus(Duration.ofMinutes(10)));
      assertThat(SchedulerHarness.operations(worker.nextEntity())).containsExactly("add");
    }
  }

  /** Steps until the engine is no longer busy (a completion on its way in). */
  private Step awaitStep(Instant limit, boolean whileWaitedOn) throws InterruptedException {
    long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
    while (true) {
      long seen = scheduler.changes();
      Step step = scheduler.step(limit, whileWaitedOn);
      if (step.outcome() != Outcome.BUSY) {
        return step;
      }
      assertThat(System.nanoTime()).as("still busy: %s", step.busy()).isLessThan(deadline);
      scheduler.awaitChange(seen, Duration.ofSeconds(1));
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
