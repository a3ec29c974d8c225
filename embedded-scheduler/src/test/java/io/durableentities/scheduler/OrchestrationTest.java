package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EVENTRAISED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONRESUMED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONSTARTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONSUSPENDED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TASKCOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TASKSCHEDULED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TIMERCREATED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TIMERFIRED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_FAILED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
import static io.durableentities.scheduler.Orch.newTypes;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.Orch.state;
import static io.durableentities.scheduler.Orch.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskRequest;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationIdReusePolicy;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.ResumeRequest;
import io.durableentities.protocol.internal.SuspendRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.engine.orchestration.TaskLeases;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrchestrationTest {

  private final SchedulerHarness h = new SchedulerHarness();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  /** Proves that nothing else is on the stream: a probe signal arrives next. */
  static void assertNothingElseQueued(SchedulerHarness h, TestWorker worker) throws Exception {
    h.runMaintenanceNow();
    String probe = "@probe@" + UUID.randomUUID();
    h.signal(probe, "probe", null);
    WorkItem next = worker.next();
    assertThat(next.getEntityRequestV2().getInstanceId())
        .as("no other work item before the probe, got " + next.getRequestCase())
        .isEqualTo(probe);
  }

  @Test
  void start_thenWorkItem_carriesOrchestratorStartedAndExecutionStarted() throws Exception {
    TestWorker worker = h.worker();

    var created = h.client.startInstance(start("o1", "Hello", "\"x\"").build());
    WorkItem item = worker.nextOrchestration();

    assertThat(created.getInstanceId()).isEqualTo("o1");
    assertThat(item.getCompletionToken()).isNotEmpty();
    OrchestratorRequest r = item.getOrchestratorRequest();
    assertThat(r.getInstanceId()).isEqualTo("o1");
    assertThat(r.getExecutionId().getValue()).isNotEmpty();
    assertThat(r.getPastEventsList()).isEmpty();
    assertThat(types(r.getNewEventsList())).containsExactly(ORCHESTRATORSTARTED, EXECUTIONSTARTED);
    assertThat(r.getNewEvents(0).getTimestamp().getSeconds())
        .isEqualTo(h.clock.instant().getEpochSecond());
    assertThat(r.hasEntityParameters()).isTrue();
    assertThat(r.getEntityParameters().getEntityMessageReorderWindow().getSeconds()).isZero();
    var started = r.getNewEvents(1).getExecutionStarted();
    assertThat(started.getName()).isEqualTo("Hello");
    assertThat(started.getInput().getValue()).isEqualTo("\"x\"");
    assertThat(started.getOrchestrationInstance().getExecutionId()).isEqualTo(r.getExecutionId());
    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_PENDING);
  }

  @Test
  void activity_roundTrip_recordsTaskScheduledAndTaskCompleted() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "Chain", null).build());

    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.scheduleTask(0, "Say", "\"hi\"")).build());
    WorkItem activity = worker.nextActivity();
    worker.completeActivity(Orch.activityResult(activity, "\"HI\"").build());
    WorkItem item = worker.nextOrchestration();

    var a = activity.getActivityRequest();
    assertThat(a.getName()).isEqualTo("Say");
    assertThat(a.getInput().getValue()).isEqualTo("\"hi\"");
    assertThat(a.getTaskId()).isZero();
    assertThat(a.getOrchestrationInstance().getInstanceId()).isEqualTo("o1");
    OrchestratorRequest r = item.getOrchestratorRequest();
    assertThat(types(r.getPastEventsList()))
        .containsExactly(ORCHESTRATORSTARTED, EXECUTIONSTARTED, TASKSCHEDULED);
    assertThat(r.getPastEvents(2).getEventId()).isZero();
    assertThat(newTypes(item)).containsExactly(ORCHESTRATORSTARTED, TASKCOMPLETED);
    assertThat(r.getNewEvents(1).getTaskCompleted().getResult().getValue()).isEqualTo("\"HI\"");
    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);

    worker.completeOrchestrator(response(item, Orch.complete(1, "\"done\"")).build());
    var s = state(h.client, "o1");
    assertThat(s.getOrchestrationStatus()).isEqualTo(ORCHESTRATION_STATUS_COMPLETED);
    assertThat(s.getOutput().getValue()).isEqualTo("\"done\"");
    assertThat(s.hasCompletedTimestamp()).isTrue();
  }

  @Test
  void activityFailure_becomesTaskFailed_andFailedOrchestrationKeepsDetails() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "Chain", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.scheduleTask(0, "Crash", null)).build());
    WorkItem activity = worker.nextActivity();

    worker.completeActivity(
        Orch.activityResult(activity, null)
            .setFailureDetails(
                io.durableentities.protocol.internal.TaskFailureDetails.newBuilder()
                    .setErrorType("X")
                    .setErrorMessage("bad"))
            .build());
    WorkItem item = worker.nextOrchestration();
    worker.completeOrchestrator(response(item, Orch.fail(1, "it failed")).build());

    assertThat(Orch.lastNew(item).getTaskFailed().getFailureDetails().getErrorMessage())
        .isEqualTo("bad");
    var s = state(h.client, "o1");
    assertThat(s.getOrchestrationStatus()).isEqualTo(ORCHESTRATION_STATUS_FAILED);
    assertThat(s.getFailureDetails().getErrorMessage()).isEqualTo("it failed");
  }

  @Test
  void start_withEntityId_isRejected_andGetOfEntityOrUnknownIdDoesNotExist() {
    assertThatThrownBy(() -> h.client.startInstance(start("@counter@x", "O", null).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("reserved for entities");
            });
    h.signal("@counter@x", "add", "1");

    assertThat(
            h.client
                .getInstance(GetInstanceRequest.newBuilder().setInstanceId("@counter@x").build())
                .getExists())
        .isFalse();
    assertThat(
            h.client
                .getInstance(GetInstanceRequest.newBuilder().setInstanceId("nobody").build())
                .getExists())
        .isFalse();
  }

  @Test
  void start_sameIdWhileRunning_isRejected_butReplacedWhenFinishedOrAllowedByPolicy()
      throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "O", null).build());

    assertThatThrownBy(() -> h.client.startInstance(start("o1", "O", null).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    assertThatThrownBy(
            () ->
                h.client.startInstance(
                    start("o1", "O", null)
                        .setOrchestrationIdReusePolicy(
                            OrchestrationIdReusePolicy.newBuilder()
                                .addReplaceableStatus(ORCHESTRATION_STATUS_COMPLETED))
                        .build()))
        .isInstanceOf(StatusRuntimeException.class);
    WorkItem first = worker.nextOrchestration();
    String firstExecution = first.getOrchestratorRequest().getExecutionId().getValue();
    h.client.startInstance(
        start("o1", "O", "2")
            .setOrchestrationIdReusePolicy(
                OrchestrationIdReusePolicy.newBuilder()
                    .addReplaceableStatus(ORCHESTRATION_STATUS_PENDING))
            .build());
    WorkItem second = worker.nextOrchestration();
    worker.completeOrchestrator(response(second, Orch.complete(0, null)).build());
    h.client.startInstance(start("o1", "O", "3").build());
    WorkItem third = worker.nextOrchestration();

    assertThat(second.getOrchestratorRequest().getExecutionId().getValue())
        .isNotEqualTo(firstExecution);
    assertThat(
            third
                .getOrchestratorRequest()
                .getNewEvents(1)
                .getExecutionStarted()
                .getInput()
                .getValue())
        .isEqualTo("3");
    worker.completeOrchestrator(response(first, Orch.complete(0, "\"old\"")).build());
    assertThat(state(h.client, "o1").hasOutput())
        .as("a completion of the replaced execution is accepted and ignored")
        .isFalse();
  }

  @Test
  void scheduledStart_isNotDispatchedBeforeItsTime() throws Exception {
    TestWorker worker = h.worker();
    var at = h.clock.instant().plus(Duration.ofMinutes(1));

    h.client.startInstance(
        start("o1", "Later", null).setScheduledStartTimestamp(Orch.ts(at)).build());
    assertNothingElseQueued(h, worker);
    h.clock.advance(Duration.ofMinutes(1));
    h.runMaintenanceNow();
    WorkItem item = worker.nextOrchestration();

    assertThat(
            item.getOrchestratorRequest()
                .getNewEvents(1)
                .getExecutionStarted()
                .getScheduledStartTimestamp()
                .getSeconds())
        .isEqualTo(at.getEpochSecond());
    assertThat(state(h.client, "o1").getScheduledStartTimestamp().getSeconds())
        .isEqualTo(at.getEpochSecond());
  }

  @Test
  void timer_firesNotBeforeFireAt() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "Sleepy", null).build());
    var fireAt = h.clock.instant().plus(Duration.ofSeconds(10));

    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.timer(0, fireAt)).build());
    h.clock.advance(Duration.ofSeconds(9));
    assertNothingElseQueued(h, worker);
    h.clock.advance(Duration.ofSeconds(1));
    h.runMaintenanceNow();
    WorkItem item = worker.nextOrchestration();

    assertThat(types(item.getOrchestratorRequest().getPastEventsList())).contains(TIMERCREATED);
    HistoryEvent fired = Orch.lastNew(item);
    assertThat(fired.getEventTypeCase()).isEqualTo(TIMERFIRED);
    assertThat(fired.getTimerFired().getTimerId()).isZero();
    assertThat(fired.getTimerFired().getFireAt().getSeconds()).isEqualTo(fireAt.getEpochSecond());
    assertThat(item.getOrchestratorRequest().getNewEvents(0).getTimestamp().getSeconds())
        .isGreaterThanOrEqualTo(fireAt.getEpochSecond());
  }

  @Test
  void externalEvents_areBuffered_untilTheNextWorkItem() throws Exception {
    h.client.startInstance(start("o1", "Waiter", null).build());
    h.client.raiseEvent(
        RaiseEventRequest.newBuilder()
            .setInstanceId("o1")
            .setName("Approve")
            .setInput(StringValue.of("true"))
            .build());
    TestWorker worker = h.worker();

    WorkItem first = worker.nextOrchestration();
    h.client.raiseEvent(
        RaiseEventRequest.newBuilder().setInstanceId("o1").setName("Second").build());
    worker.completeOrchestrator(response(first).build());
    WorkItem second = worker.nextOrchestration();

    assertThat(newTypes(first)).containsExactly(ORCHESTRATORSTARTED, EXECUTIONSTARTED, EVENTRAISED);
    assertThat(first.getOrchestratorRequest().getNewEvents(2).getEventRaised().getName())
        .isEqualTo("Approve");
    assertThat(newTypes(second)).containsExactly(ORCHESTRATORSTARTED, EVENTRAISED);
    assertThat(second.getOrchestratorRequest().getNewEvents(1).getEventRaised().getName())
        .isEqualTo("Second");
    assertThatThrownBy(
            () ->
                h.client.raiseEvent(
                    RaiseEventRequest.newBuilder().setInstanceId("nobody").setName("x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void suspend_holdsNewEvents_untilResume() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "Waiter", null).build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());

    h.client.suspendInstance(SuspendRequest.newBuilder().setInstanceId("o1").build());
    WorkItem suspended = worker.nextOrchestration();
    worker.completeOrchestrator(response(suspended).build());
    h.client.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("o1").setName("E").build());
    OrchestrationStatus whileSuspended = state(h.client, "o1").getOrchestrationStatus();
    assertNothingElseQueued(h, worker);
    h.client.resumeInstance(ResumeRequest.newBuilder().setInstanceId("o1").build());
    WorkItem resumed = worker.nextOrchestration();

    assertThat(newTypes(suspended)).containsExactly(ORCHESTRATORSTARTED, EXECUTIONSUSPENDED);
    assertThat(whileSuspended).isEqualTo(ORCHESTRATION_STATUS_SUSPENDED);
    assertThat(newTypes(resumed))
        .containsExactly(ORCHESTRATORSTARTED, EVENTRAISED, EXECUTIONRESUMED);
    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);
  }

  @Test
  void continueAsNew_startsANewExecution_withCarriedEvents() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "Loop", "1").build());
    WorkItem first = worker.nextOrchestration();
    HistoryEvent carried =
        HistoryEvent.newBuilder()
            .setEventId(-1)
            .setEventRaised(
                io.durableentities.protocol.internal.EventRaisedEvent.newBuilder().setName("kept"))
            .build();

    worker.completeOrchestrator(response(first, Orch.continueAsNew(0, "2", carried)).build());
    WorkItem second = worker.nextOrchestration();

    OrchestratorRequest r = second.getOrchestratorRequest();
    assertThat(r.getExecutionId()).isNotEqualTo(first.getOrchestratorRequest().getExecutionId());
    assertThat(r.getPastEventsList()).isEmpty();
    assertThat(newTypes(second))
        .containsExactly(ORCHESTRATORSTARTED, EXECUTIONSTARTED, EVENTRAISED);
    assertThat(r.getNewEvents(1).getExecutionStarted().getInput().getValue()).isEqualTo("2");
    assertThat(r.getNewEvents(2).getEventRaised().getName()).isEqualTo("kept");
    var s = state(h.client, "o1");
    assertThat(s.getOrchestrationStatus()).isEqualTo(ORCHESTRATION_STATUS_RUNNING);
    assertThat(s.getInput().getValue()).isEqualTo("2");
  }

  @Test
  void customStatus_isStored_andEmptyMeansNone() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "O", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration())
            .setCustomStatus(StringValue.of("\"halfway\""))
            .build());
    assertThat(state(h.client, "o1").getCustomStatus().getValue()).isEqualTo("\"halfway\"");

    h.client.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("o1").setName("E").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration()).setCustomStatus(StringValue.of("")).build());

    assertThat(state(h.client, "o1").hasCustomStatus()).isFalse();
  }

  @Test
  void duplicateCompletion_isRefused() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "O", null).build());
    WorkItem item = worker.nextOrchestration();
    worker.completeOrchestrator(response(item).build());

    assertThatThrownBy(() -> worker.completeOrchestrator(response(item).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void activity_abandonedOrExpired_isDeliveredAgain() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "O", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.scheduleTask(0, "A", "1")).build());
    WorkItem first = worker.nextActivity();

    worker
        .stub()
        .abandonTaskActivityWorkItem(
            io.durableentities.protocol.internal.AbandonActivityTaskRequest.newBuilder()
                .setCompletionToken(first.getCompletionToken())
                .build());
    WorkItem second = worker.nextActivity();
    h.clock.advance(Duration.ofMinutes(2));
    h.runMaintenanceNow();
    WorkItem third = worker.nextActivity();
    worker.completeActivity(Orch.activityResult(third, "2").build());

    assertThat(second.getActivityRequest()).isEqualTo(first.getActivityRequest());
    assertThat(third.getActivityRequest()).isEqualTo(first.getActivityRequest());
    assertThat(Orch.lastNew(worker.nextOrchestration()).getTaskCompleted().getResult().getValue())
        .isEqualTo("2");
    assertThatThrownBy(() -> worker.completeActivity(Orch.activityResult(second, "late").build()))
        .as("the expired lease's token is stale")
        .isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void terminate_suspendedInstance_endsIt() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "O", null).build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());
    h.client.suspendInstance(SuspendRequest.newBuilder().setInstanceId("o1").build());

    h.client.terminateInstance(
        io.durableentities.protocol.internal.TerminateRequest.newBuilder()
            .setInstanceId("o1")
            .build());

    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED);
  }

  @Test
  void abandon_redeliversTheSameEvents_toTheSameWorkerAfterTheBackOff() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "O", null).build());
    WorkItem first = worker.nextOrchestration();

    worker
        .stub()
        .abandonTaskOrchestratorWorkItem(
            AbandonOrchestrationTaskRequest.newBuilder()
                .setCompletionToken(first.getCompletionToken())
                .build());
    h.clock.advance(Duration.ofMillis(TaskLeases.ABANDON_BACKOFF_MILLIS));
    h.runMaintenanceNow();
    WorkItem again = worker.nextOrchestration();

    assertThat(again.getCompletionToken()).isNotEqualTo(first.getCompletionToken());
    assertThat(newTypes(again)).containsExactly(ORCHESTRATORSTARTED, EXECUTIONSTARTED);
  }

  @Test
  void completionsWithoutTokens_areMatchedOnTheSameConnection() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "O", null).build());

    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.scheduleTask(0, "A", null))
            .clearCompletionToken()
            .setCustomStatus(StringValue.of(""))
            .build());
    worker.completeActivity(
        Orch.activityResult(worker.nextActivity(), "1").clearCompletionToken().build());
    WorkItem item = worker.nextOrchestration();

    assertThat(newTypes(item)).containsExactly(ORCHESTRATORSTARTED, TASKCOMPLETED);
  }

  @Test
  void workersWhoseFiltersExcludeOrchestrations_getNone() throws Exception {
    TestWorker entitiesOnly = h.workerFor("counter");

    h.client.startInstance(start("o1", "O", null).build());
    h.signal("@counter@a", "add", "1");
    WorkItem first = entitiesOnly.next();
    TestWorker all = h.worker();
    WorkItem item = all.nextOrchestration();

    assertThat(first.getRequestCase()).isEqualTo(WorkItem.RequestCase.ENTITYREQUESTV2);
    assertThat(item.getOrchestratorRequest().getInstanceId()).isEqualTo("o1");
  }

  @Test
  void expiredLease_redeliversToAnotherWorker() throws Exception {
    TestWorker dropper = h.worker();
    h.client.startInstance(start("o1", "O", null).build());
    WorkItem dropped = dropper.nextOrchestration();
    TestWorker second = h.worker();

    h.clock.advance(Duration.ofMinutes(2));
    h.runMaintenanceNow();
    WorkItem again;
    // The lease expired: the item goes to whichever worker has room, possibly the same one.
    WorkItem fromDropper = dropper.poll(Duration.ofSeconds(2));
    again = fromDropper != null ? fromDropper : second.nextOrchestration();

    assertThat(again.getOrchestratorRequest().getInstanceId()).isEqualTo("o1");
    assertThat(again.getCompletionToken()).isNotEqualTo(dropped.getCompletionToken());
  }
}
