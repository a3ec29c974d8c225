package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.SUBORCHESTRATIONINSTANCECOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.SUBORCHESTRATIONINSTANCECREATED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.SUBORCHESTRATIONINSTANCEFAILED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
import static io.durableentities.protocol.internal.OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.Orch.state;
import static io.durableentities.scheduler.Orch.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.InstanceBatch;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.ListInstanceIdsRequest;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.PurgeInstanceFilter;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrchestrationManagementTest {

  final SchedulerHarness h = harness();

  SchedulerHarness harness() {
    return new SchedulerHarness();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void subOrchestration_completionAndFailure_areReportedToTheParent() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("parent", "Parent", null).build());
    WorkItem first = worker.nextOrchestration();

    worker.completeOrchestrator(
        response(
                first,
                Orch.subOrchestration(0, "child-ok", "Child", "1"),
                Orch.subOrchestration(1, "child-bad", "Child", "2"))
            .build());
    WorkItem a = worker.nextOrchestration();
    WorkItem b = worker.nextOrchestration();
    WorkItem ok = a.getOrchestratorRequest().getInstanceId().equals("child-ok") ? a : b;
    WorkItem bad = ok == a ? b : a;
    var parentInfo =
        ok.getOrchestratorRequest().getNewEvents(1).getExecutionStarted().getParentInstance();
    worker.completeOrchestrator(response(ok, Orch.complete(0, "\"r\"")).build());
    WorkItem parent1 = worker.nextOrchestration();
    worker.completeOrchestrator(response(bad, Orch.fail(0, "child broke")).build());
    worker.completeOrchestrator(response(parent1).build());
    WorkItem parent2 = worker.nextOrchestration();

    assertThat(parentInfo.getTaskScheduledId()).isZero();
    assertThat(parentInfo.getOrchestrationInstance().getInstanceId()).isEqualTo("parent");
    assertThat(types(parent1.getOrchestratorRequest().getPastEventsList()))
        .contains(SUBORCHESTRATIONINSTANCECREATED);
    var completed = Orch.lastNew(parent1);
    assertThat(completed.getEventTypeCase()).isEqualTo(SUBORCHESTRATIONINSTANCECOMPLETED);
    assertThat(completed.getSubOrchestrationInstanceCompleted().getResult().getValue())
        .isEqualTo("\"r\"");
    var failed = Orch.lastNew(parent2);
    assertThat(failed.getEventTypeCase()).isEqualTo(SUBORCHESTRATIONINSTANCEFAILED);
    assertThat(failed.getSubOrchestrationInstanceFailed().getTaskScheduledId()).isEqualTo(1);
    assertThat(failed.getSubOrchestrationInstanceFailed().getFailureDetails().getErrorMessage())
        .isEqualTo("child broke");
    assertThat(state(h.client, "child-ok").getParentInstanceId().getValue()).isEqualTo("parent");
  }

  @Test
  void terminate_recursive_terminatesSubOrchestrations() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("parent", "Parent", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.subOrchestration(0, "child", "Child", null))
            .build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());

    h.client.terminateInstance(
        TerminateRequest.newBuilder()
            .setInstanceId("parent")
            .setOutput(StringValue.of("\"stop\""))
            .setRecursive(true)
            .build());

    OrchestrationState parent = state(h.client, "parent");
    assertThat(parent.getOrchestrationStatus()).isEqualTo(ORCHESTRATION_STATUS_TERMINATED);
    assertThat(parent.getOutput().getValue()).isEqualTo("\"stop\"");
    assertThat(state(h.client, "child").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_TERMINATED);
  }

  @Test
  void terminate_notRecursive_leavesChildrenRunning() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("parent", "Parent", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.subOrchestration(0, "child", "Child", null))
            .build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());

    h.client.terminateInstance(TerminateRequest.newBuilder().setInstanceId("parent").build());

    assertThat(state(h.client, "parent").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_TERMINATED);
    assertThat(state(h.client, "child").getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);
  }

  private QueryInstancesResponse query(InstanceQuery.Builder q) {
    return h.client.queryInstances(QueryInstancesRequest.newBuilder().setQuery(q).build());
  }

  @Test
  void queryInstances_filtersAndPages_andNeverListsEntities() throws Exception {
    TestWorker worker = h.worker();
    for (String id : List.of("a1", "a2", "a3", "b1")) {
      h.client.startInstance(start(id, "O", "\"in\"").build());
    }
    h.signal("@counter@x", "add", "1");
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, null)).build());

    List<String> paged = new ArrayList<>();
    InstanceQuery.Builder q = InstanceQuery.newBuilder().setMaxInstanceCount(2);
    int pages = 0;
    while (true) {
      QueryInstancesResponse page = query(q);
      pages++;
      page.getOrchestrationStateList().forEach(s -> paged.add(s.getInstanceId()));
      if (!page.hasContinuationToken()) {
        break;
      }
      q.setContinuationToken(page.getContinuationToken());
    }
    var prefixed = query(InstanceQuery.newBuilder().setInstanceIdPrefix(StringValue.of("a")));
    var pending = query(InstanceQuery.newBuilder().addRuntimeStatus(ORCHESTRATION_STATUS_PENDING));
    var withInputs = query(InstanceQuery.newBuilder().setFetchInputsAndOutputs(true));
    var future =
        query(
            InstanceQuery.newBuilder()
                .setCreatedTimeFrom(Orch.ts(h.clock.instant().plusSeconds(1))));

    assertThat(paged).containsExactly("a1", "a2", "a3", "b1");
    assertThat(pages).isEqualTo(2);
    assertThat(prefixed.getOrchestrationStateList())
        .extracting(OrchestrationState::getInstanceId)
        .containsExactly("a1", "a2", "a3");
    assertThat(pending.getOrchestrationStateCount()).isEqualTo(3);
    assertThat(withInputs.getOrchestrationState(0).getInput().getValue()).isEqualTo("\"in\"");
    assertThat(query(InstanceQuery.newBuilder()).getOrchestrationState(0).hasInput()).isFalse();
    assertThat(future.getOrchestrationStateCount()).isZero();
    assertThat(
            h.client
                .listInstanceIds(ListInstanceIdsRequest.newBuilder().setPageSize(10).build())
                .getInstanceIdsList())
        .containsExactly("a1", "a2", "a3", "b1");
  }

  @Test
  void purge_single_filtered_andEntityIds() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("done", "O", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, null)).build());
    h.client.startInstance(start("running", "O", null).build());
    h.client.startInstance(start("old", "O", null).build());
    h.client.terminateInstance(TerminateRequest.newBuilder().setInstanceId("old").build());
    h.signal("@counter@x", "add", "1");
    worker.complete(SchedulerHarness.resultAll(worker.nextEntity(), "1").build());

    assertThatThrownBy(
            () ->
                h.client.purgeInstances(
                    PurgeInstancesRequest.newBuilder().setInstanceId("running").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    var single =
        h.client.purgeInstances(PurgeInstancesRequest.newBuilder().setInstanceId("done").build());
    var filtered =
        h.client.purgeInstances(
            PurgeInstancesRequest.newBuilder()
                .setPurgeInstanceFilter(
                    PurgeInstanceFilter.newBuilder()
                        .addRuntimeStatus(ORCHESTRATION_STATUS_TERMINATED))
                .build());
    var entity =
        h.client.purgeInstances(
            PurgeInstancesRequest.newBuilder()
                .setInstanceId("@counter@x")
                .setIsOrchestration(true)
                .build());
    var batch =
        h.client.purgeInstances(
            PurgeInstancesRequest.newBuilder()
                .setInstanceBatch(InstanceBatch.newBuilder().addInstanceIds("nobody"))
                .build());

    assertThat(single.getDeletedInstanceCount()).isEqualTo(1);
    assertThat(exists("done")).isFalse();
    assertThat(filtered.getDeletedInstanceCount()).isEqualTo(1);
    assertThat(exists("old")).isFalse();
    assertThat(exists("running")).isTrue();
    assertThat(entity.getDeletedInstanceCount()).isEqualTo(1);
    assertThat(h.get("@counter@x").getExists()).isFalse();
    assertThat(batch.getDeletedInstanceCount()).isZero();
  }

  private boolean exists(String id) {
    return h.client
        .getInstance(GetInstanceRequest.newBuilder().setInstanceId(id).build())
        .getExists();
  }

  @Test
  void waitForStartAndCompletion_answerAfterTheCommit() throws Exception {
    TestWorker worker = h.worker();
    var async = TaskHubSidecarServiceGrpc.newStub(h.channel);
    h.client.startInstance(start("o1", "O", null).build());
    CompletableFuture<GetInstanceResponse> started = new CompletableFuture<>();
    CompletableFuture<GetInstanceResponse> completed = new CompletableFuture<>();
    async.waitForInstanceStart(request("o1"), observer(started));
    async.waitForInstanceCompletion(request("o1"), observer(completed));
    WorkItem item = worker.nextOrchestration();

    worker.completeOrchestrator(response(item).build());
    var startedState = started.get(20, TimeUnit.SECONDS).getOrchestrationState();
    h.client.raiseEvent(
        io.durableentities.protocol.internal.RaiseEventRequest.newBuilder()
            .setInstanceId("o1")
            .setName("go")
            .build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, "7")).build());
    var doneState = completed.get(20, TimeUnit.SECONDS).getOrchestrationState();

    assertThat(startedState.getOrchestrationStatus()).isEqualTo(ORCHESTRATION_STATUS_RUNNING);
    assertThat(doneState.getOrchestrationStatus()).isEqualTo(ORCHESTRATION_STATUS_COMPLETED);
    assertThat(doneState.getOutput().getValue()).isEqualTo("7");
    awaitWaiters(0);
  }

  @Test
  void waitForStart_ofAnInstanceNotYetCreated_answersOnceItRuns() throws Exception {
    TestWorker worker = h.worker();
    var async = TaskHubSidecarServiceGrpc.newStub(h.channel);
    CompletableFuture<GetInstanceResponse> started = new CompletableFuture<>();

    async.waitForInstanceStart(request("later"), observer(started));
    awaitWaiters(1);
    h.client.startInstance(start("later", "O", null).build());
    worker.completeOrchestrator(response(worker.nextOrchestration()).build());

    assertThat(started.get(20, TimeUnit.SECONDS).getOrchestrationState().getOrchestrationStatus())
        .isEqualTo(ORCHESTRATION_STATUS_RUNNING);
    awaitWaiters(0);
  }

  @Test
  void waitForCompletion_cancelledByTheClient_removesItsWaiter() throws Exception {
    h.client.startInstance(start("o1", "O", null).build());
    var async = TaskHubSidecarServiceGrpc.newStub(h.channel);
    CompletableFuture<GetInstanceResponse> completed = new CompletableFuture<>();
    Context.CancellableContext ctx = Context.current().withCancellation();

    ctx.run(() -> async.waitForInstanceCompletion(request("o1"), observer(completed)));
    awaitWaiters(1);
    ctx.cancel(null);

    awaitWaiters(0);
    await("the client sees the cancellation")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .until(completed::isCompletedExceptionally);
  }

  @Test
  void waitForCompletion_withADeadline_endsAndRemovesItsWaiter() throws Exception {
    h.client.startInstance(start("o1", "O", null).build());

    assertThatThrownBy(
            () ->
                h.client
                    .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                    .waitForInstanceCompletion(request("o1")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    awaitWaiters(0);
  }

  private void awaitWaiters(int expected) throws InterruptedException {
    await("waiters == " + expected)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .until(h::waiterCount, count -> count == expected);
  }

  private static GetInstanceRequest request(String id) {
    return GetInstanceRequest.newBuilder().setInstanceId(id).setGetInputsAndOutputs(true).build();
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        f.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
