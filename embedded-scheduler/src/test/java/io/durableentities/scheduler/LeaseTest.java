package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.operations;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OperationInfo;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkItemFilters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseTest {

  private final SchedulerHarness h =
      harness(b -> b.leaseTimeout(Duration.ofSeconds(30)).maxDeliveryAttempts(3));

  /** The scheduler under test (a subclass runs the same tests with entities leaving memory). */
  SchedulerHarness harness(UnaryOperator<SchedulerOptions.Builder> options) {
    return new SchedulerHarness(options);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void stream_cancelledMidBatch_redeliversToAnotherStream() throws Exception {
    TestWorker first = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = first.next();
    TestWorker second = h.worker();

    first.cancel();
    WorkItem again = second.next();

    assertThat(operations(again)).containsExactly("add");
    assertThat(again.getCompletionToken()).isNotEqualTo(item.getCompletionToken());
    second.complete(resultAll(again, "1").build());
    assertThat(h.get("@counter@a").getEntity().getSerializedState().getValue()).isEqualTo("1");
  }

  @Test
  void abandon_redeliversTheBatch_afterABackOff() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    worker.abandon(item.getCompletionToken());
    assertHeldBack(worker, "s1");
    passMillis(100);
    WorkItem again = worker.next();

    assertThat(operations(again)).containsExactly("add");
  }

  @Test
  void abandon_backOffDoublesPerAbandon_andACompletionResetsIt() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    worker.abandon(worker.next().getCompletionToken());
    passMillis(100);
    worker.abandon(worker.next().getCompletionToken());

    passMillis(100);
    assertHeldBack(worker, "s1");
    passMillis(100);
    WorkItem third = worker.next();
    assertThat(operations(third)).containsExactly("add");
    worker.complete(resultAll(third, "1").build());

    h.signal("@counter@a", "add", "2");
    worker.abandon(worker.next().getCompletionToken());
    passMillis(100);
    assertThat(operations(worker.next())).as("back to the first delay").containsExactly("add");
  }

  @Test
  void abandon_byAWorkerShuttingDown_doesNotCountTowardThePoisonLimit() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    for (int abandon = 1; abandon <= 4; abandon++) {
      worker.abandonForShutdown(item.getCompletionToken());
      passMillis(5_000);
      item = worker.next();
      assertThat(operations(item))
          .as("delivered again after shutdown abandon %d of max 3 attempts", abandon)
          .containsExactly("add");
    }
  }

  /** Lets time pass on the scheduler's clock and runs its timers. */
  private void passMillis(long millis) {
    h.clock.advance(Duration.ofMillis(millis));
    h.runMaintenanceNow();
  }

  /**
   * Asserts that nothing is delivered now: a sentinel signalled after the abandon arrives first (an
   * immediate redelivery would have been sent on the stream before the abandon returned).
   */
  private void assertHeldBack(TestWorker worker, String sentinel) throws InterruptedException {
    h.signal("@sentinel@" + sentinel, "probe", null);
    assertThat(worker.next().getEntityRequestV2().getInstanceId())
        .as("the abandoned work waits for its back-off")
        .isEqualTo("@sentinel@" + sentinel);
  }

  @Test
  void lease_expiry_redelivers() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    h.clock.advance(Duration.ofSeconds(31));
    h.runMaintenanceNow();
    WorkItem again = worker.next();

    assertThat(operations(again)).containsExactly("add");
    assertThatThrownBy(() -> worker.complete(resultAll(item, "late").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("@counter@a");
            });
  }

  @Test
  void lease_expiry_onAStreamThatNeverCompleted_doesNotCountTowardThePoisonLimit()
      throws Exception {
    TestWorker dropper = h.worker();
    h.signal("@counter@a", "add", "1");
    dropper.next();

    for (int expiry = 1; expiry <= 4; expiry++) {
      h.clock.advance(Duration.ofSeconds(31));
      h.runMaintenanceNow();
      assertThat(operations(dropper.next()))
          .as("redelivered after expiry %d of max 3", expiry)
          .containsExactly("add");
    }
  }

  @Test
  void lease_expiry_onAStreamThatCompletedWork_countsTowardThePoisonLimit() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@warmup", "add", "1");
    worker.complete(resultAll(worker.next(), "1").build());
    h.signal("@counter@a", "hang", null);
    worker.next();

    for (int expiry = 1; expiry <= 2; expiry++) {
      h.clock.advance(Duration.ofSeconds(31));
      h.runMaintenanceNow();
      assertThat(operations(worker.next())).containsExactly("hang");
    }
    h.clock.advance(Duration.ofSeconds(31));
    h.runMaintenanceNow();
    h.signal("@sentinel@s", "probe", null);

    assertThat(worker.next().getEntityRequestV2().getInstanceId())
        .as("the third expiry dropped the operation")
        .isEqualTo("@sentinel@s");
  }

  @Test
  void poison_afterMaxAttempts_isDropped_andTheEntityMovesOn() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@p", "poison", null);
    WorkItem item = worker.next();
    h.signal("@counter@p", "healthy", null);

    worker.abandon(item.getCompletionToken());
    for (int attempt = 2; attempt <= 3; attempt++) {
      passMillis(5_000);
      WorkItem again = worker.next();
      assertThat(operations(again))
          .as("a failed operation travels alone")
          .containsExactly("poison");
      worker.abandon(again.getCompletionToken());
    }
    passMillis(5_000);
    WorkItem next = worker.next();

    assertThat(operations(next)).containsExactly("healthy");
  }

  @Test
  void batchFailure_withoutResults_isRetried() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@f", "add", null);
    WorkItem item = worker.next();

    worker.complete(
        EntityBatchResult.newBuilder()
            .setCompletionToken(item.getCompletionToken())
            .setFailureDetails(
                TaskFailureDetails.newBuilder().setErrorType("Boom").setErrorMessage("no entity"))
            .build());

    assertThat(operations(worker.next())).containsExactly("add");
  }

  @Test
  void complete_staleToken_isRejected() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();
    worker.complete(resultAll(item, "1").build());

    assertThatThrownBy(() -> worker.complete(resultAll(item, "2").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("@counter@a");
            });
    assertThatThrownBy(
            () ->
                worker.complete(
                    EntityBatchResult.newBuilder().setCompletionToken("not-a-token").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    assertThat(h.get("@counter@a").getEntity().getSerializedState().getValue()).isEqualTo("1");
  }

  @Test
  void complete_emptyToken_isMatchedToTheItemLeasedOnThatConnection() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();
    String requestId =
        item.getEntityRequestV2()
            .getOperationRequests(0)
            .getEntityOperationSignaled()
            .getRequestId();

    worker.complete(
        resultAll(item, "7")
            .setCompletionToken("")
            .addOperationInfos(OperationInfo.newBuilder().setRequestId(requestId))
            .build());

    assertThat(h.get("@counter@a").getEntity().getSerializedState().getValue()).isEqualTo("7");
  }

  @Test
  void complete_emptyToken_fromAnotherConnection_isRejected() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    assertThatThrownBy(
            () -> h.client.completeEntityTask(resultAll(item, "x").setCompletionToken("").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void filters_routeByEntityName_andUnmatchedWorkWaits() throws Exception {
    TestWorker counters = h.workerFor("Counter");
    h.signal("@account@1", "deposit", "5");
    h.signal("@counter@1", "add", "1");

    WorkItem item = counters.next();
    assertThat(item.getEntityRequestV2().getInstanceId()).isEqualTo("@counter@1");
    counters.complete(resultAll(item, "1").build());
    h.signal("@counter@2", "add", "1");
    assertThat(counters.next().getEntityRequestV2().getInstanceId())
        .as("the account signal was never offered to this worker")
        .isEqualTo("@counter@2");

    TestWorker accounts = h.workerFor("account");
    WorkItem waited = accounts.next();

    assertThat(waited.getEntityRequestV2().getInstanceId()).isEqualTo("@account@1");
  }

  @Test
  void filtersWithoutEntities_getNoEntityWork() throws Exception {
    TestWorker orchestrationsOnly =
        h.worker(
            null,
            GetWorkItemsRequest.newBuilder()
                .setWorkItemFilters(
                    WorkItemFilters.newBuilder()
                        .addOrchestrations(OrchestrationFilter.newBuilder().setName("Workflow")))
                .build());
    h.signal("@counter@a", "add", "1");
    TestWorker probe = h.workerFor("sentinel");
    h.signal("@sentinel@x", "probe", null);
    assertThat(probe.next().getEntityRequestV2().getInstanceId()).isEqualTo("@sentinel@x");

    assertThat(orchestrationsOnly.hasPending()).isFalse();
    assertThat(operations(h.worker().next())).containsExactly("add");
  }

  @Test
  void maxConcurrentEntityWorkItems_limitsItemsInFlightPerStream() throws Exception {
    TestWorker worker =
        h.worker(null, GetWorkItemsRequest.newBuilder().setMaxConcurrentEntityWorkItems(1).build());
    h.signal("@counter@1", "add", "1");
    h.signal("@counter@2", "add", "1");
    WorkItem first = worker.next();
    h.signal("@sentinel@x", "probe", null);
    TestWorker probe = h.workerFor("sentinel");
    assertThat(probe.next().getEntityRequestV2().getInstanceId()).isEqualTo("@sentinel@x");
    assertThat(worker.hasPending()).as("one in flight at most").isFalse();

    worker.complete(resultAll(first, "1").build());
    WorkItem second = worker.next();

    assertThat(second.getEntityRequestV2().getInstanceId())
        .isNotEqualTo(first.getEntityRequestV2().getInstanceId());
  }
}
