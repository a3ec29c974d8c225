package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYLOCKGRANTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYOPERATIONCALLED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYOPERATIONCOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYOPERATIONFAILED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYOPERATIONSIGNALED;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.SchedulerHarness.result;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultFailure;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.WorkItem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EntitiesFromOrchestrationsTest {

  private final SchedulerHarness h = harness();

  /** The scheduler under test (a subclass runs the same tests with entities leaving memory). */
  SchedulerHarness harness() {
    return new SchedulerHarness();
  }

  private final TestWorker worker = h.worker();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  private WorkItem started(String id) throws Exception {
    h.client.startInstance(start(id, "O", null).build());
    return worker.nextOrchestration();
  }

  /** Raises an event so that the instance gets its next work item, and returns that item. */
  private WorkItem nextAfterEvent(String id) throws Exception {
    h.client.raiseEvent(
        io.durableentities.protocol.internal.RaiseEventRequest.newBuilder()
            .setInstanceId(id)
            .setName("tick")
            .build());
    return worker.nextOrchestration();
  }

  private EntityMetadata metadata(String id) {
    List<EntityMetadata> all =
        h.client
            .queryEntities(
                QueryEntitiesRequest.newBuilder()
                    .setQuery(EntityQuery.newBuilder().setIncludeTransient(true))
                    .build())
            .getEntitiesList();
    return all.stream()
        .filter(m -> m.getInstanceId().equals(id))
        .findFirst()
        .orElse(EntityMetadata.getDefaultInstance());
  }

  @Test
  void call_carriesTheParent_andTheResultComesBackAsEntityOperationCompleted() throws Exception {
    WorkItem first = started("o1");
    String requestId = UUID.randomUUID().toString();

    worker.completeOrchestrator(
        response(first, Orch.callEntity(3, "@Counter@c", "get", "1", requestId)).build());
    WorkItem entity = worker.nextEntity();
    worker.complete(
        result(entity, 0, "5")
            .addResults(
                OperationResult.newBuilder()
                    .setSuccess(
                        OperationResultSuccess.newBuilder().setResult(StringValue.of("42"))))
            .build());
    WorkItem next = worker.nextOrchestration();

    var called = entity.getEntityRequestV2().getOperationRequests(0).getEntityOperationCalled();
    assertThat(entity.getEntityRequestV2().getInstanceId()).isEqualTo("@counter@c");
    assertThat(called.getRequestId()).isEqualTo(requestId);
    assertThat(called.getParentInstanceId().getValue()).isEqualTo("o1");
    assertThat(called.getParentExecutionId().getValue())
        .isEqualTo(first.getOrchestratorRequest().getExecutionId().getValue());
    HistoryEvent recorded = next.getOrchestratorRequest().getPastEvents(2);
    assertThat(recorded.getEventTypeCase()).isEqualTo(ENTITYOPERATIONCALLED);
    assertThat(recorded.getEventId()).isEqualTo(3);
    HistoryEvent answer = Orch.lastNew(next);
    assertThat(answer.getEventTypeCase()).isEqualTo(ENTITYOPERATIONCOMPLETED);
    assertThat(answer.getEntityOperationCompleted().getRequestId()).isEqualTo(requestId);
    assertThat(answer.getEntityOperationCompleted().getOutput().getValue()).isEqualTo("42");
  }

  @Test
  void failedCall_comesBackAsEntityOperationFailed_andSignalsAreDelivered() throws Exception {
    WorkItem first = started("o1");
    String requestId = UUID.randomUUID().toString();

    worker.completeOrchestrator(
        response(
                first,
                Orch.signalEntity(0, "@counter@s", "add", "1", UUID.randomUUID().toString()),
                Orch.callEntity(1, "@counter@c", "boom", null, requestId))
            .build());
    WorkItem a = worker.nextEntity();
    WorkItem b = worker.nextEntity();
    WorkItem call = a.getEntityRequestV2().getInstanceId().equals("@counter@c") ? a : b;
    WorkItem signal = call == a ? b : a;
    worker.complete(
        result(call, 0, null)
            .addResults(
                OperationResult.newBuilder()
                    .setFailure(
                        OperationResultFailure.newBuilder()
                            .setFailureDetails(
                                TaskFailureDetails.newBuilder()
                                    .setErrorType("Boom")
                                    .setErrorMessage("no"))))
            .build());
    WorkItem next = worker.nextOrchestration();

    assertThat(signal.getEntityRequestV2().getOperationRequests(0).hasEntityOperationSignaled())
        .isTrue();
    assertThat(Orch.types(next.getOrchestratorRequest().getPastEventsList()))
        .contains(ENTITYOPERATIONSIGNALED, ENTITYOPERATIONCALLED);
    HistoryEvent answer = Orch.lastNew(next);
    assertThat(answer.getEventTypeCase()).isEqualTo(ENTITYOPERATIONFAILED);
    assertThat(answer.getEntityOperationFailed().getFailureDetails().getErrorMessage())
        .isEqualTo("no");
  }

  @Test
  void answerToAFinishedOrchestration_isDropped() throws Exception {
    WorkItem first = started("o1");
    worker.completeOrchestrator(
        response(first, Orch.callEntity(0, "@counter@c", "get", null, UUID.randomUUID().toString()))
            .build());
    WorkItem entity = worker.nextEntity();
    h.client.terminateInstance(TerminateRequest.newBuilder().setInstanceId("o1").build());

    worker.complete(resultAll(entity, "1").build());

    OrchestrationTest.assertNothingElseQueued(h, worker);
    assertThat(h.get("@counter@c").getEntity().getSerializedState().getValue()).isEqualTo("1");
  }

  @Test
  void lock_walksTheLockSet_grants_servesTheHolderFirst_andUnlocksOnlyForTheHolder()
      throws Exception {
    WorkItem o1 = started("o1");
    String cs = UUID.randomUUID().toString();

    worker.completeOrchestrator(response(o1, Orch.lock(0, cs, "o1", "@acct@a", "@acct@b")).build());
    WorkItem granted = worker.nextOrchestration();
    h.signal("@acct@a", "deposit", "5");
    String callId = UUID.randomUUID().toString();
    worker.completeOrchestrator(
        response(granted, Orch.callEntity(1, "@acct@a", "withdraw", "1", callId)).build());
    WorkItem holderBatch = worker.nextEntity();
    int backlogWhileLocked = metadata("@acct@a").getBacklogQueueSize();
    worker.complete(resultAll(holderBatch, "10").build());
    WorkItem afterCall = worker.nextOrchestration();
    // Another orchestration's unlock is ignored.
    WorkItem o2 = started("o2");
    worker.completeOrchestrator(response(o2, Orch.unlock(0, cs, "o2", "@acct@a")).build());
    h.runMaintenanceNow();
    String lockedAfterForeignUnlock = metadata("@acct@a").getLockedBy().getValue();
    worker.completeOrchestrator(
        response(
                afterCall, Orch.unlock(2, cs, "o1", "@acct@a"), Orch.unlock(3, cs, "o1", "@acct@b"))
            .build());
    WorkItem signalBatch = worker.nextEntity();

    assertThat(Orch.lastNew(granted).getEventTypeCase()).isEqualTo(ENTITYLOCKGRANTED);
    assertThat(Orch.lastNew(granted).getEntityLockGranted().getCriticalSectionId()).isEqualTo(cs);
    assertThat(SchedulerHarness.operations(holderBatch)).hasSize(1);
    assertThat(
            holderBatch
                .getEntityRequestV2()
                .getOperationRequests(0)
                .getEntityOperationCalled()
                .getRequestId())
        .as("the holder's call runs; the client's signal waits")
        .isEqualTo(callId);
    assertThat(backlogWhileLocked).isEqualTo(2);
    assertThat(lockedAfterForeignUnlock).isEqualTo("o1");
    assertThat(signalBatch.getEntityRequestV2().getInstanceId()).isEqualTo("@acct@a");
    assertThat(SchedulerHarness.inputs(signalBatch)).containsExactly("5");
    assertThat(metadata("@acct@a").hasLockedBy()).isFalse();
    assertThat(metadata("@acct@b").hasLockedBy()).isFalse();
  }

  @Test
  void lockRequest_waitsBehindEarlierOperations() throws Exception {
    h.signal("@acct@a", "deposit", "1");
    WorkItem busy = worker.nextEntity();
    WorkItem o1 = started("o1");
    String cs = UUID.randomUUID().toString();

    worker.completeOrchestrator(response(o1, Orch.lock(0, cs, "o1", "@acct@a")).build());
    h.signal("@acct@a", "deposit", "2");
    h.runMaintenanceNow();
    boolean lockedWhileBusy = metadata("@acct@a").hasLockedBy();
    worker.complete(resultAll(busy, "1").build());
    WorkItem granted = worker.nextOrchestration();

    assertThat(lockedWhileBusy).isFalse();
    assertThat(Orch.lastNew(granted).getEventTypeCase()).isEqualTo(ENTITYLOCKGRANTED);
    assertThat(metadata("@acct@a").getLockedBy().getValue()).isEqualTo("o1");
    assertThat(metadata("@acct@a").getBacklogQueueSize())
        .as("the later signal waits for the lock")
        .isEqualTo(1);
  }

  @Test
  void locks_areReleased_onEveryEndOfAnExecution() throws Exception {
    for (String ending : List.of("completed", "failed", "terminated", "continuedAsNew")) {
      String id = "o-" + ending;
      WorkItem first = started(id);
      String entity = "@acct@" + ending;
      worker.completeOrchestrator(
          response(first, Orch.lock(0, UUID.randomUUID().toString(), id, entity)).build());
      WorkItem granted = worker.nextOrchestration();
      h.signal(entity, "deposit", "1");

      switch (ending) {
        case "completed" ->
            worker.completeOrchestrator(response(granted, Orch.complete(1, null)).build());
        case "failed" -> worker.completeOrchestrator(response(granted, Orch.fail(1, "x")).build());
        case "terminated" ->
            h.client.terminateInstance(TerminateRequest.newBuilder().setInstanceId(id).build());
        default ->
            worker.completeOrchestrator(response(granted, Orch.continueAsNew(1, "0")).build());
      }
      WorkItem released = worker.nextEntity();

      assertThat(released.getEntityRequestV2().getInstanceId()).as(ending).isEqualTo(entity);
      assertThat(metadata(entity).hasLockedBy()).as(ending).isFalse();
      worker.complete(resultAll(released, "1").build());
    }
  }

  @Test
  void lockRequestFromAFinishedOrchestration_isDropped() throws Exception {
    h.signal("@acct@b", "deposit", "1");
    WorkItem busyB = worker.nextEntity();
    WorkItem o1 = started("o1");
    String cs = UUID.randomUUID().toString();
    worker.completeOrchestrator(response(o1, Orch.lock(0, cs, "o1", "@acct@a", "@acct@b")).build());
    h.runMaintenanceNow();
    String aLockedBy = metadata("@acct@a").getLockedBy().getValue();

    h.client.terminateInstance(TerminateRequest.newBuilder().setInstanceId("o1").build());
    worker.complete(resultAll(busyB, "1").build());
    h.signal("@acct@b", "deposit", "2");
    WorkItem next = worker.nextEntity();

    assertThat(aLockedBy).isEqualTo("o1");
    assertThat(next.getEntityRequestV2().getInstanceId()).isEqualTo("@acct@b");
    assertThat(metadata("@acct@a").hasLockedBy()).isFalse();
    assertThat(metadata("@acct@b").hasLockedBy()).isFalse();
  }

  @Test
  void lockRequestFromAnEarlierExecution_isDropped_afterContinueAsNew() throws Exception {
    h.signal("@acct@b", "deposit", "1");
    WorkItem busyB = worker.nextEntity();
    WorkItem o1 = started("o1");
    worker.completeOrchestrator(
        response(o1, Orch.lock(0, UUID.randomUUID().toString(), "o1", "@acct@a", "@acct@b"))
            .build());
    h.runMaintenanceNow();
    String aLockedBy = metadata("@acct@a").getLockedBy().getValue();

    worker.completeOrchestrator(
        response(nextAfterEvent("o1"), Orch.continueAsNew(0, "again")).build());
    worker.nextOrchestration();
    worker.complete(resultAll(busyB, "1").build());
    h.signal("@acct@b", "deposit", "2");
    WorkItem next = worker.nextEntity();

    assertThat(aLockedBy).isEqualTo("o1");
    assertThat(next.getEntityRequestV2().getInstanceId()).isEqualTo("@acct@b");
    assertThat(metadata("@acct@a").hasLockedBy()).isFalse();
    assertThat(metadata("@acct@b").hasLockedBy()).isFalse();
  }

  @Test
  void cleanEntityStorage_releasesLocksOfHoldersThatAreNotRunning() throws Exception {
    WorkItem o1 = started("o1");
    worker.completeOrchestrator(
        response(o1, Orch.lock(0, UUID.randomUUID().toString(), "o1", "@acct@a")).build());
    worker.nextOrchestration();

    var kept =
        h.client.cleanEntityStorage(
            CleanEntityStorageRequest.newBuilder().setReleaseOrphanedLocks(true).build());

    assertThat(kept.getOrphanedLocksReleased()).as("o1 is running").isZero();
    assertThat(metadata("@acct@a").getLockedBy().getValue()).isEqualTo("o1");
  }
}
