package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONCOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONREWOUND;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONSTARTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.SUBORCHESTRATIONINSTANCECOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.SUBORCHESTRATIONINSTANCECREATED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.SUBORCHESTRATIONINSTANCEFAILED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TASKFAILED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TIMERCREATED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TIMERFIRED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_FAILED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.Orch.state;
import static io.durableentities.scheduler.Orch.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.RestartInstanceRequest;
import io.durableentities.protocol.internal.RewindInstanceRequest;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code RestartInstance} and {@code RewindInstance} driven with raw requests: a restart runs an
 * instance again from its input, a rewind resumes a failed one without its failed tasks.
 */
class RestartAndRewindTest {

  final SchedulerHarness h = harness();

  SchedulerHarness harness() {
    return new SchedulerHarness();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  private static RestartInstanceRequest restart(String id, boolean newId) {
    return RestartInstanceRequest.newBuilder()
        .setInstanceId(id)
        .setRestartWithNewInstanceId(newId)
        .build();
  }

  private static RewindInstanceRequest rewind(String id, String reason) {
    return RewindInstanceRequest.newBuilder()
        .setInstanceId(id)
        .setReason(StringValue.of(reason))
        .build();
  }

  private static ActivityResponse failed(WorkItem item, String message) {
    return ActivityResponse.newBuilder()
        .setInstanceId(item.getActivityRequest().getOrchestrationInstance().getInstanceId())
        .setTaskId(item.getActivityRequest().getTaskId())
        .setCompletionToken(item.getCompletionToken())
        .setFailureDetails(
            TaskFailureDetails.newBuilder().setErrorType("Boom").setErrorMessage(message))
        .build();
  }

  private static HistoryEvent started(WorkItem item) {
    return item.getOrchestratorRequest().getNewEventsList().stream()
        .filter(HistoryEvent::hasExecutionStarted)
        .findFirst()
        .orElseThrow();
  }

  /** Runs "o1" (input 5) to completion with output "r". */
  private void completeOnce(TestWorker worker) throws InterruptedException {
    h.client.startInstance(start("o1", "Chain", "5").putTags("team", "billing").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, "\"r\"")).build());
  }

  @Test
  void restart_sameId_runsTheFinishedInstanceAgainWithItsInputAndANewExecution() throws Exception {
    TestWorker worker = h.worker();
    completeOnce(worker);
    String before = state(h.client, "o1").getExecutionId().getValue();

    String id = h.client.restartInstance(restart("o1", false)).getInstanceId();
    WorkItem again = worker.nextOrchestration();

    assertThat(id).isEqualTo("o1");
    assertThat(again.getOrchestratorRequest().getInstanceId()).isEqualTo("o1");
    assertThat(again.getOrchestratorRequest().getPastEventsList()).isEmpty();
    assertThat(started(again).getExecutionStarted().getInput().getValue()).isEqualTo("5");
    assertThat(started(again).getExecutionStarted().getName()).isEqualTo("Chain");
    assertThat(started(again).getExecutionStarted().getTagsMap()).containsEntry("team", "billing");
    assertThat(again.getOrchestratorRequest().getExecutionId().getValue()).isNotEqualTo(before);
  }

  @Test
  void restart_newId_leavesTheOriginalAndStartsACopy() throws Exception {
    TestWorker worker = h.worker();
    completeOnce(worker);

    String id = h.client.restartInstance(restart("o1", true)).getInstanceId();
    WorkItem copy = worker.nextOrchestration();

    assertThat(id).isNotEqualTo("o1").isNotEmpty();
    assertThat(copy.getOrchestratorRequest().getInstanceId()).isEqualTo(id);
    assertThat(started(copy).getExecutionStarted().getInput().getValue()).isEqualTo("5");
    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_COMPLETED);
  }

  @Test
  void restart_runningInstance_sameIdIsRefusedNamingItsStatus_aNewIdIsNot() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "Chain", "5").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.scheduleTask(0, "Slow", null)).build());

    assertThatThrownBy(() -> h.client.restartInstance(restart("o1", false)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .contains("'o1'", "ORCHESTRATION_STATUS_RUNNING", "new instance id");
            });
    assertThat(h.client.restartInstance(restart("o1", true)).getInstanceId()).isNotEqualTo("o1");
    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);
  }

  @Test
  void restartAndRewind_unknownInstance_areNotFound() {
    assertThatThrownBy(() -> h.client.restartInstance(restart("nope", false)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(() -> h.client.rewindInstance(rewind("nope", "r")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void rewind_notFailed_isRefusedNamingTheInstanceAndItsStatus() throws Exception {
    completeOnce(h.worker());

    assertThatThrownBy(() -> h.client.rewindInstance(rewind("o1", "r")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .contains("'o1'", "ORCHESTRATION_STATUS_COMPLETED", "only a FAILED");
            });
  }

  @Test
  void rewind_failedActivity_runsOnlyThatActivityAgain_andTheInstanceCompletes() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("o1", "Pair", null).build());
    worker.completeOrchestrator(
        response(
                worker.nextOrchestration(),
                Orch.scheduleTask(0, "Good", null),
                Orch.scheduleTask(1, "Bad", null))
            .build());
    WorkItem x = worker.nextActivity();
    WorkItem y = worker.nextActivity();
    WorkItem good = x.getActivityRequest().getName().equals("Good") ? x : y;
    WorkItem bad = good == x ? y : x;
    worker.completeActivity(Orch.activityResult(good, "\"g\"").build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());
    worker.completeActivity(failed(bad, "bad input"));
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.fail(2, "Bad failed")).build());
    String failedExecution = state(h.client, "o1").getExecutionId().getValue();
    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_FAILED);

    h.client.rewindInstance(rewind("o1", "fixed"));
    WorkItem rewound = worker.nextOrchestration();

    List<HistoryEvent> past = rewound.getOrchestratorRequest().getPastEventsList();
    assertThat(types(past)).doesNotContain(TASKFAILED, EXECUTIONCOMPLETED);
    assertThat(past.stream().filter(HistoryEvent::hasTaskScheduled).map(e -> e.getEventId()))
        .containsExactly(0);
    assertThat(past.stream().filter(HistoryEvent::hasTaskCompleted)).hasSize(1);
    HistoryEvent marker = Orch.lastNew(rewound);
    assertThat(marker.getEventTypeCase()).isEqualTo(EXECUTIONREWOUND);
    assertThat(marker.getExecutionRewound().getReason().getValue()).isEqualTo("fixed");
    String newExecution = rewound.getOrchestratorRequest().getExecutionId().getValue();
    assertThat(newExecution).isNotEqualTo(failedExecution);
    assertThat(past.get(types(past).indexOf(EXECUTIONSTARTED)).getExecutionStarted())
        .satisfies(
            e ->
                assertThat(e.getOrchestrationInstance().getExecutionId().getValue())
                    .isEqualTo(newExecution));
    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);

    worker.completeOrchestrator(response(rewound, Orch.scheduleTask(1, "Bad", null)).build());
    WorkItem retried = worker.nextActivity();
    assertThat(retried.getActivityRequest().getName()).isEqualTo("Bad");
    worker.completeActivity(Orch.activityResult(retried, "\"b\"").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(2, "\"done\"")).build());

    assertThat(state(h.client, "o1").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_COMPLETED);
    assertThat(worker.poll(Duration.ofMillis(200))).isNull();
  }

  @Test
  void rewind_failedSubOrchestration_rewindsTheChild_whoseResultReachesTheParent()
      throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("parent", "Parent", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.subOrchestration(0, "child", "Child", null))
            .build());
    WorkItem child = worker.nextOrchestration();
    worker.completeOrchestrator(response(child, Orch.scheduleTask(0, "Flaky", null)).build());
    worker.completeActivity(failed(worker.nextActivity(), "flaked"));
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.fail(1, "child failed")).build());
    WorkItem parentTold = worker.nextOrchestration();
    assertThat(Orch.lastNew(parentTold).getEventTypeCase())
        .isEqualTo(SUBORCHESTRATIONINSTANCEFAILED);
    worker.completeOrchestrator(response(parentTold, Orch.fail(1, "parent failed")).build());

    h.client.rewindInstance(rewind("parent", "flake gone"));
    WorkItem a = worker.nextOrchestration();
    WorkItem b = worker.nextOrchestration();
    WorkItem parent = a.getOrchestratorRequest().getInstanceId().equals("parent") ? a : b;
    WorkItem rewoundChild = parent == a ? b : a;

    assertThat(types(parent.getOrchestratorRequest().getPastEventsList()))
        .contains(SUBORCHESTRATIONINSTANCECREATED)
        .doesNotContain(SUBORCHESTRATIONINSTANCEFAILED, EXECUTIONCOMPLETED);
    assertThat(Orch.lastNew(rewoundChild).getEventTypeCase()).isEqualTo(EXECUTIONREWOUND);
    assertThat(types(rewoundChild.getOrchestratorRequest().getPastEventsList()))
        .doesNotContain(TASKFAILED, EXECUTIONCOMPLETED);
    assertThat(
            started(rewoundChild.getOrchestratorRequest().getPastEventsList())
                .getExecutionStarted()
                .getParentInstance()
                .getOrchestrationInstance()
                .getExecutionId())
        .isEqualTo(parent.getOrchestratorRequest().getExecutionId());

    worker.completeOrchestrator(response(parent).build());
    worker.completeOrchestrator(
        response(rewoundChild, Orch.scheduleTask(0, "Flaky", null)).build());
    worker.completeActivity(Orch.activityResult(worker.nextActivity(), "\"ok\"").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(1, "\"child ok\"")).build());
    WorkItem parentDone = worker.nextOrchestration();

    assertThat(Orch.lastNew(parentDone).getEventTypeCase())
        .isEqualTo(SUBORCHESTRATIONINSTANCECOMPLETED);
    assertThat(
            Orch.lastNew(parentDone).getSubOrchestrationInstanceCompleted().getResult().getValue())
        .isEqualTo("\"child ok\"");
  }

  @Test
  void rewind_setsAnOpenTimerAgain_andPointsARunningChildAtTheNewExecution() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("parent", "Parent", null).build());
    Instant fireAt = h.clock.instant().plus(Duration.ofMinutes(1));
    worker.completeOrchestrator(
        response(
                worker.nextOrchestration(),
                Orch.timer(0, fireAt),
                Orch.subOrchestration(1, "child", "Child", null),
                Orch.scheduleTask(2, "Bad", null))
            .build());
    WorkItem child = worker.nextOrchestration();
    worker.completeOrchestrator(response(child).build());
    worker.completeActivity(failed(worker.nextActivity(), "bad"));
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.fail(3, "parent failed")).build());

    h.client.rewindInstance(rewind("parent", "again"));
    WorkItem rewound = worker.nextOrchestration();
    worker.completeOrchestrator(response(rewound, Orch.scheduleTask(2, "Bad", null)).build());
    worker.completeActivity(Orch.activityResult(worker.nextActivity(), "\"b\"").build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());
    h.client.raiseEvent(
        RaiseEventRequest.newBuilder().setInstanceId("child").setName("go").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, "\"c\"")).build());
    WorkItem childDone = worker.nextOrchestration();
    worker.completeOrchestrator(response(childDone).build());
    h.clock.advance(Duration.ofMinutes(1));
    h.runMaintenanceNow();
    WorkItem fired = worker.nextOrchestration();

    assertThat(types(rewound.getOrchestratorRequest().getPastEventsList()))
        .contains(TIMERCREATED, SUBORCHESTRATIONINSTANCECREATED)
        .doesNotContain(TIMERFIRED);
    assertThat(childDone.getOrchestratorRequest().getInstanceId()).isEqualTo("parent");
    assertThat(Orch.lastNew(childDone).getEventTypeCase())
        .isEqualTo(SUBORCHESTRATIONINSTANCECOMPLETED);
    assertThat(Orch.lastNew(fired).getEventTypeCase()).isEqualTo(TIMERFIRED);
    assertThat(Orch.lastNew(fired).getTimerFired().getTimerId()).isZero();
  }

  @Test
  void rewind_childThatCompletedLate_answersAgain_aTerminatedChildIsCreatedAnew() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("parent", "Parent", null).build());
    worker.completeOrchestrator(
        response(
                worker.nextOrchestration(),
                Orch.subOrchestration(0, "late", "Child", null),
                Orch.subOrchestration(1, "stopped", "Child", null),
                Orch.scheduleTask(2, "Bad", null))
            .build());
    WorkItem x = worker.nextOrchestration();
    WorkItem y = worker.nextOrchestration();
    worker.completeOrchestrator(response(x).build());
    worker.completeOrchestrator(response(y).build());
    worker.completeActivity(failed(worker.nextActivity(), "bad"));
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.fail(3, "parent failed")).build());
    h.client.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("late").setName("go").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, "\"late result\"")).build());
    h.client.terminateInstance(TerminateRequest.newBuilder().setInstanceId("stopped").build());

    h.client.rewindInstance(rewind("parent", "again"));
    WorkItem rewound = worker.nextOrchestration();

    List<HistoryEvent> past = rewound.getOrchestratorRequest().getPastEventsList();
    assertThat(
            past.stream()
                .filter(HistoryEvent::hasSubOrchestrationInstanceCreated)
                .map(e -> e.getSubOrchestrationInstanceCreated().getInstanceId()))
        .containsExactly("late");
    assertThat(
            rewound.getOrchestratorRequest().getNewEventsList().stream()
                .filter(HistoryEvent::hasSubOrchestrationInstanceCompleted)
                .map(e -> e.getSubOrchestrationInstanceCompleted().getResult().getValue()))
        .containsExactly("\"late result\"");
  }

  private static HistoryEvent started(List<HistoryEvent> events) {
    return events.stream().filter(HistoryEvent::hasExecutionStarted).findFirst().orElseThrow();
  }
}
