package io.durableentities.client;

import static io.durableentities.testfixtures.Queues.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.client.internal.grpc.GrpcChannels;
import io.durableentities.client.internal.grpc.WorkItemContext;
import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.core.InvalidEntityInterfaceException;
import io.durableentities.core.TaskEntity;
import io.durableentities.protocol.internal.ActivityFilter;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.EntityBatchRequest;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityFilter;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HealthPing;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationRequest;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.testfixtures.FakeSidecar;
import io.durableentities.testfixtures.Queues;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableWorkerTest {

  /** A counter entity hosted by class. */
  public static final class CounterEntity extends TaskEntity<Long> {
    public void add(long amount) {
      state += amount;
    }

    public long get() {
      return state;
    }
  }

  /** An entity class without a no-arg constructor. */
  public static final class NoDefaultEntity extends TaskEntity<Long> {
    public NoDefaultEntity(long start) {
      state = start;
    }

    public long get() {
      return state;
    }
  }

  /** An entity with a constructor argument, made by a factory. */
  public static final class BonusEntity extends TaskEntity<Long> {
    private final long bonus;

    public BonusEntity(long bonus) {
      this.bonus = bonus;
    }

    public void add(long amount) {
      state += amount + bonus;
    }
  }

  /** Not an entity class that can be hosted: abstract. */
  public abstract static class AbstractEntity extends TaskEntity<Long> {
    public void add(long amount) {
      state += amount;
    }
  }

  /** Not a valid entity: two methods map to one operation. */
  public static final class OverloadedEntity extends TaskEntity<Long> {
    public void add(long amount) {
      state += amount;
    }

    public void add(int amount) {
      state += amount;
    }
  }

  private final FakeSidecar sidecar = FakeSidecar.start();
  private final List<DurableWorker> workers = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final BlockingQueue<String> started = new LinkedBlockingQueue<>();

  @AfterEach
  void tearDown() {
    release.countDown();
    workers.forEach(DurableWorker::close);
    sidecar.close();
  }

  private DurableWorker.Builder builder() {
    return DurableWorker.newBuilder(sidecar.connectionString())
        .entity(CounterEntity.class)
        .entity(
            "blocker",
            () ->
                operation -> {
                  started.add(operation.context().id().key());
                  if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                  }
                  return null;
                })
        .entity(
            "crasher",
            () ->
                operation -> {
                  if (operation.name().equals("fatal")) {
                    throw new OutOfMemoryError("simulated");
                  }
                  throw new AssertionError("an Error, not an Exception");
                })
        .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
        .shutdownTimeout(Duration.ofSeconds(20));
  }

  private DurableWorker start(DurableWorker.Builder builder) {
    DurableWorker worker = builder.start();
    workers.add(worker);
    return worker;
  }

  private static WorkItem v1(String instanceId, String token, String... operations) {
    EntityBatchRequest.Builder request = EntityBatchRequest.newBuilder().setInstanceId(instanceId);
    for (String op : operations) {
      String[] parts = op.split(":");
      OperationRequest.Builder operation =
          OperationRequest.newBuilder().setOperation(parts[0]).setRequestId("r-" + op);
      if (parts.length > 1) {
        operation.setInput(StringValue.of(parts[1]));
      }
      request.addOperations(operation);
    }
    return WorkItem.newBuilder().setEntityRequest(request).setCompletionToken(token).build();
  }

  @Test
  void stream_sendsLimitsFiltersAndHeaders() throws Exception {
    DurableWorker worker = start(builder().maxConcurrentEntityWorkItems(3));

    GetWorkItemsRequest request = sidecar.workItems().awaitOpened();

    assertThat(worker.awaitConnected(Duration.ofSeconds(20))).isTrue();
    assertThat(worker.isRunning()).isTrue();
    assertThat(request.getMaxConcurrentEntityWorkItems()).isEqualTo(3);
    assertThat(request.getWorkItemFilters().getEntitiesList())
        .extracting(EntityFilter::getName)
        .containsExactly("blocker", "counter", "crasher");
    Metadata headers = sidecar.requests().headersOf("GetWorkItems").get(0);
    assertThat(headers.get(GrpcChannels.TASK_HUB)).isEqualTo("test-hub");
    assertThat(headers.get(GrpcChannels.USER_AGENT)).startsWith("durable-entities-java/");
    String[] workerId = headers.get(GrpcChannels.WORKER_ID).split(",");
    assertThat(workerId).hasSize(3);
    assertThat(workerId[1]).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    assertThat(sidecar.requests().headersOf("Hello")).isNotEmpty();
  }

  @Test
  void v1Item_isRunAndCompletedWithResultsAndState() {
    start(builder());
    sidecar.workItems().awaitOpened();

    sidecar.workItems().push(v1("@counter@c1", "tok-1", "add:5", "get"));

    EntityBatchResult result = poll(sidecar.results().entityCompletions, "a completion");
    assertThat(result.getCompletionToken()).isEqualTo("tok-1");
    assertThat(result.getResults(1).getSuccess().getResult().getValue()).isEqualTo("5");
    assertThat(result.getEntityState().getValue()).isEqualTo("5");
    assertThat(result.getOperationInfosCount()).isZero();
  }

  @Test
  void v2Item_isCompletedWithOneOperationInfoPerResult() {
    start(builder());
    sidecar.workItems().awaitOpened();
    EntityRequest request =
        EntityRequest.newBuilder()
            .setInstanceId("@counter@c2")
            .setEntityState(StringValue.of("10"))
            .addOperationRequests(
                HistoryEvent.newBuilder()
                    .setEntityOperationSignaled(
                        EntityOperationSignaledEvent.newBuilder()
                            .setOperation("add")
                            .setRequestId("s1")
                            .setInput(StringValue.of("1"))))
            .addOperationRequests(
                HistoryEvent.newBuilder()
                    .setEntityLockRequested(
                        EntityLockRequestedEvent.newBuilder().setCriticalSectionId("cs")))
            .addOperationRequests(
                HistoryEvent.newBuilder()
                    .setEntityOperationCalled(
                        EntityOperationCalledEvent.newBuilder()
                            .setOperation("get")
                            .setRequestId("c1")
                            .setParentInstanceId(StringValue.of("orch"))))
            .build();

    sidecar
        .workItems()
        .push(WorkItem.newBuilder().setEntityRequestV2(request).setCompletionToken("t2").build());

    EntityBatchResult result = poll(sidecar.results().entityCompletions, "a completion");
    assertThat(result.getResultsCount()).isEqualTo(2);
    assertThat(result.getOperationInfosCount()).isEqualTo(2);
    assertThat(result.getOperationInfos(1).getResponseDestination().getInstanceId())
        .isEqualTo("orch");
    assertThat(result.getResults(1).getSuccess().getResult().getValue()).isEqualTo("11");
  }

  @Test
  void unregisteredEntity_failsEachOperationNonRetriably() {
    start(builder());
    sidecar.workItems().awaitOpened();

    sidecar.workItems().push(v1("@ghost@k", "t", "a", "b"));

    EntityBatchResult result = poll(sidecar.results().entityCompletions, "a completion");
    assertThat(result.getResultsList())
        .hasSize(2)
        .allSatisfy(
            r -> {
              var details = r.getFailure().getFailureDetails();
              assertThat(details.getErrorType()).isEqualTo("EntityTaskNotFound");
              assertThat(details.getIsNonRetriable()).isTrue();
              assertThat(details.getErrorMessage())
                  .contains("'ghost'")
                  .contains("[blocker, counter, crasher]");
            });
  }

  @Test
  void errorEscapingTheExecutor_abandonsTheItem_andTheWorkerGoesOn() {
    start(builder());
    sidecar.workItems().awaitOpened();

    sidecar.workItems().push(v1("@crasher@a", "err-1", "boom"));
    sidecar.workItems().push(v1("@crasher@b", "err-2", "fatal"));

    assertThat(
            Set.of(
                poll(sidecar.results().abandonedEntities, "abandon 1"),
                poll(sidecar.results().abandonedEntities, "abandon 2")))
        .containsExactlyInAnyOrder("err-1", "err-2");
    assertThat(sidecar.requests().headersOf("AbandonTaskEntityWorkItem"))
        .as("a failure abandon counts as a failed delivery")
        .allSatisfy(headers -> assertThat(headers.get(GrpcChannels.ABANDON_REASON)).isNull());
    sidecar.workItems().push(v1("@counter@c", "ok", "add:1"));
    assertThat(poll(sidecar.results().entityCompletions, "a completion").getCompletionToken())
        .isEqualTo("ok");
  }

  @Test
  void entityFactoryThrowing_abandonsTheBatchForARetry() {
    start(
        builder()
            .entity(
                "broken",
                () -> {
                  throw new IllegalStateException("no database connection");
                }));
    sidecar.workItems().awaitOpened();

    sidecar.workItems().push(v1("@broken@b", "retry-me", "op"));

    assertThat(poll(sidecar.results().abandonedEntities, "an abandon")).isEqualTo("retry-me");
    assertThat(sidecar.results().entityCompletions).isEmpty();
  }

  @Test
  void rejectedCompletion_abandonsTheItem() {
    start(builder());
    sidecar.workItems().awaitOpened();
    sidecar
        .results()
        .entityCompletionFailures
        .add(Status.RESOURCE_EXHAUSTED.withDescription("too big"));

    sidecar.workItems().push(v1("@counter@c", "rejected", "add:1"));

    assertThat(poll(sidecar.results().abandonedEntities, "an abandon")).isEqualTo("rejected");
    assertThat(sidecar.results().entityCompletions).isEmpty();
  }

  @Test
  void invalidInstanceId_failsEachOperationNonRetriably() {
    start(builder());
    sidecar.workItems().awaitOpened();

    sidecar.workItems().push(v1("counter-without-at", "bad", "get"));

    EntityBatchResult result = poll(sidecar.results().entityCompletions, "a completion");
    assertThat(result.getResults(0).getFailure().getFailureDetails().getErrorType())
        .isEqualTo("InvalidEntityId");
    assertThat(result.getResults(0).getFailure().getFailureDetails().getIsNonRetriable()).isTrue();
  }

  @Test
  void helloIsRetriedWhileUnavailable_andStreamReconnectsAfterFailure() {
    sidecar.script().helloFailures.set(3);
    start(builder());
    sidecar.workItems().awaitOpened();
    assertThat(sidecar.requests().headersOf("Hello")).hasSize(4);

    sidecar.workItems().fail(Status.UNAVAILABLE.withDescription("scheduler restarting"));
    sidecar.workItems().awaitOpened();
    sidecar.workItems().push(v1("@counter@c", "after-reconnect", "add:1"));

    assertThat(poll(sidecar.results().entityCompletions, "a completion").getCompletionToken())
        .isEqualTo("after-reconnect");
  }

  @Test
  void streamEndedByTheScheduler_isReopened() {
    start(builder());
    sidecar.workItems().awaitOpened();

    sidecar.workItems().end();
    sidecar.workItems().awaitOpened();
    sidecar.workItems().push(v1("@counter@c", "reopened", "add:1"));

    assertThat(poll(sidecar.results().entityCompletions, "a completion").getCompletionToken())
        .isEqualTo("reopened");
  }

  @Test
  void credential_sendsBearerTokenOnTheStream() {
    start(builder().credential(new StaticCredential("worker-token")));

    sidecar.workItems().awaitOpened();

    assertThat(sidecar.requests().headersOf("GetWorkItems").get(0).get(GrpcChannels.AUTHORIZATION))
        .isEqualTo("Bearer worker-token");
  }

  @Test
  void unhandledKinds_areAbandoned_andHealthPingsIgnored() {
    start(builder());
    sidecar.workItems().awaitOpened();

    sidecar
        .workItems()
        .push(WorkItem.newBuilder().setHealthPing(HealthPing.getDefaultInstance()).build());
    sidecar
        .workItems()
        .push(
            WorkItem.newBuilder()
                .setOrchestratorRequest(OrchestratorRequest.newBuilder().setInstanceId("o1"))
                .setCompletionToken("orch-tok")
                .build());
    sidecar
        .workItems()
        .push(
            WorkItem.newBuilder()
                .setActivityRequest(ActivityRequest.newBuilder().setName("a"))
                .setCompletionToken("act-tok")
                .build());

    assertThat(poll(sidecar.results().abandonedOrchestrations, "orchestration abandon"))
        .isEqualTo("orch-tok");
    assertThat(poll(sidecar.results().abandonedActivities, "activity abandon"))
        .isEqualTo("act-tok");
    assertThat(sidecar.results().abandonedEntities).isEmpty();
  }

  @Test
  void defaultEntityConcurrency_isEightPerProcessor() {
    start(builder());

    GetWorkItemsRequest request = sidecar.workItems().awaitOpened();

    assertThat(request.getMaxConcurrentEntityWorkItems())
        .isEqualTo(8 * Runtime.getRuntime().availableProcessors());
  }

  @Test
  void concurrencyLimit_isRespected() {
    start(builder().maxConcurrentEntityWorkItems(2));
    sidecar.workItems().awaitOpened();

    for (int i = 0; i < 5; i++) {
      sidecar.workItems().push(v1("@blocker@b" + i, "t" + i, "wait"));
    }

    poll(started, "first batch");
    poll(started, "second batch");
    assertThat(Queues.staysEmpty(started, Duration.ofMillis(300))).isTrue();
    release.countDown();
    for (int i = 0; i < 5; i++) {
      poll(sidecar.results().entityCompletions, "completion " + i);
    }
    assertThat(started).hasSize(3);
  }

  @Test
  void close_drainsRunningBatches_andAbandonsNewOnes() throws Exception {
    DurableWorker worker = start(builder().maxConcurrentEntityWorkItems(1));
    sidecar.workItems().awaitOpened();
    sidecar.workItems().push(v1("@blocker@x", "running", "wait"));
    sidecar.workItems().push(v1("@blocker@y", "queued", "wait"));
    poll(started, "the running batch");

    Thread closer = new Thread(worker::close);
    closer.start();
    assertThat(poll(sidecar.results().abandonedEntities, "the queued batch")).isEqualTo("queued");
    assertThat(worker.isRunning()).isTrue();
    release.countDown();
    closer.join(20_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(poll(sidecar.results().entityCompletions, "the drained batch").getCompletionToken())
        .isEqualTo("running");
    assertThat(worker.isRunning()).isFalse();
  }

  @Test
  void completionInFlight_holdsItsSlot_andCloseWaitsForItsAnswer() throws Exception {
    DurableWorker worker = start(builder().maxConcurrentEntityWorkItems(1));
    sidecar.workItems().awaitOpened();
    sidecar.results().holdEntityCompletions();
    sidecar.workItems().push(v1("@counter@a", "answered-late", "add:1"));
    sidecar.workItems().push(v1("@counter@b", "queued", "add:1"));

    assertThat(
            poll(sidecar.results().entityCompletions, "the first completion").getCompletionToken())
        .isEqualTo("answered-late");
    assertThat(Queues.staysEmpty(sidecar.results().entityCompletions, Duration.ofMillis(300)))
        .as("the unanswered completion keeps the only slot")
        .isTrue();
    Thread closer = new Thread(worker::close);
    closer.start();
    assertThat(poll(sidecar.results().abandonedEntities, "the queued batch")).isEqualTo("queued");
    assertThat(worker.isRunning()).as("close waits for the outstanding answer").isTrue();
    sidecar.results().answerHeldEntityCompletions();
    closer.join(20_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(worker.isRunning()).isFalse();
    assertThat(sidecar.results().abandonedEntities)
        .as("an answered completion is never abandoned")
        .isEmpty();
    assertThat(sidecar.results().entityCompletions).isEmpty();
  }

  @Test
  void close_afterTimeout_abandonsWhatStillRuns() {
    DurableWorker worker = start(builder().shutdownTimeout(Duration.ofMillis(100)));
    sidecar.workItems().awaitOpened();
    sidecar.workItems().push(v1("@blocker@slow", "slow", "wait"));
    poll(started, "the batch");

    worker.close();

    assertThat(poll(sidecar.results().abandonedEntities, "the slow batch")).isEqualTo("slow");
    assertThat(sidecar.requests().headersOf("AbandonTaskEntityWorkItem"))
        .singleElement()
        .satisfies(
            headers ->
                assertThat(headers.get(GrpcChannels.ABANDON_REASON))
                    .as("a shutdown abandon says so, so that it costs no delivery attempt")
                    .isEqualTo("shutdown"));
    release.countDown();
    assertThat(Queues.staysEmpty(sidecar.results().entityCompletions, Duration.ofMillis(200)))
        .isTrue();
  }

  @Test
  void extension_runsItsKind_withItsLimitAndFilters() {
    AtomicInteger created = new AtomicInteger();
    WorkerExtension activities =
        new HandlerExtension(
            context -> {
              created.incrementAndGet();
              return List.of(
                  new WorkItemHandler() {
                    @Override
                    public Set<WorkItem.RequestCase> kinds() {
                      return EnumSet.of(WorkItem.RequestCase.ACTIVITYREQUEST);
                    }

                    @Override
                    public int maxConcurrency() {
                      return 3;
                    }

                    @Override
                    public void contribute(GetWorkItemsRequest.Builder request) {
                      request
                          .getWorkItemFiltersBuilder()
                          .addActivities(ActivityFilter.newBuilder().setName("Greet"));
                    }

                    @Override
                    public void handle(WorkItem item, WorkItemContext work) {
                      String name =
                          work.dataConverter()
                              .deserialize(
                                  item.getActivityRequest().getInput().getValue(), String.class);
                      work.completeActivity(
                          ActivityResponse.newBuilder()
                              .setCompletionToken(item.getCompletionToken())
                              .setResult(
                                  StringValue.of(work.dataConverter().serialize("hi " + name)))
                              .build());
                    }
                  });
            });
    start(builder().extension(activities));

    GetWorkItemsRequest request = sidecar.workItems().awaitOpened();
    sidecar
        .workItems()
        .push(
            WorkItem.newBuilder()
                .setActivityRequest(
                    ActivityRequest.newBuilder()
                        .setName("Greet")
                        .setInput(StringValue.of("\"bo\"")))
                .setCompletionToken("act")
                .build());

    assertThat(request.getMaxConcurrentActivityWorkItems()).isEqualTo(3);
    assertThat(request.getWorkItemFilters().getActivities(0).getName()).isEqualTo("Greet");
    assertThat(request.getWorkItemFilters().getEntitiesCount()).isEqualTo(3);
    ActivityResponse response = poll(sidecar.results().activityCompletions, "the activity result");
    assertThat(response.getResult().getValue()).isEqualTo("\"hi bo\"");
    assertThat(created).hasValue(1);
  }

  /** An extension whose one handler claims a kind, one item at a time, and returns at once. */
  private static WorkerExtension doNothingWith(WorkItem.RequestCase kind) {
    return new HandlerExtension(
        context ->
            List.of(
                new WorkItemHandler() {
                  @Override
                  public Set<WorkItem.RequestCase> kinds() {
                    return EnumSet.of(kind);
                  }

                  @Override
                  public int maxConcurrency() {
                    return 1;
                  }

                  @Override
                  public void handle(WorkItem item, WorkItemContext work) {}
                }));
  }

  @Test
  void extensionHandlerReturningWithoutCompleting_itemIsAbandoned() {
    WorkerExtension forgetful = doNothingWith(WorkItem.RequestCase.ORCHESTRATORREQUEST);
    start(builder().extension(forgetful));
    GetWorkItemsRequest request = sidecar.workItems().awaitOpened();

    sidecar
        .workItems()
        .push(
            WorkItem.newBuilder()
                .setOrchestratorRequest(OrchestratorRequest.newBuilder().setInstanceId("o"))
                .setCompletionToken("forgotten")
                .build());

    assertThat(request.getMaxConcurrentOrchestrationWorkItems()).isEqualTo(1);
    assertThat(poll(sidecar.results().abandonedOrchestrations, "an abandon"))
        .isEqualTo("forgotten");
  }

  @Test
  void extensionClaimingEntityItems_isRejected() {
    WorkerExtension clash = doNothingWith(WorkItem.RequestCase.ENTITYREQUESTV2);

    assertThatThrownBy(() -> builder().extension(clash).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENTITYREQUESTV2");
  }

  @Test
  void extensionWithoutProvider_isRejectedWhenRegistered_namingTheTypeAndTheFix() {
    WorkerExtension homemade = new WorkerExtension() {};

    assertThatThrownBy(() -> builder().extension(homemade))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No provider runs WorkerExtension " + homemade.getClass().getName())
        .hasMessageContaining(
            "META-INF/services/io.durableentities.client.internal.grpc.WorkerExtensionProvider")
        .hasMessageContaining("OrchestrationWorker of io.durableentities:orchestration-bridge");
  }

  @Test
  void extensionReturningNoHandler_isRejectedAtStart() {
    WorkerExtension empty = new HandlerExtension(context -> List.of());

    assertThatThrownBy(() -> builder().extension(empty).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HandlerExtension$Provider returned no handler")
        .hasMessageContaining("return at least one");
  }

  @Test
  void builder_rejectsBadEntitiesAndSettings() {
    DurableWorker.Builder builder = DurableWorker.newBuilder(sidecar.connectionString());

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hosts nothing");
    assertThatThrownBy(() -> builder.entity(NoDefaultEntity.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nodefault")
        .hasMessageContaining("no no-arg constructor");
    builder.entity(CounterEntity.class);
    assertThatThrownBy(() -> builder.entity("Counter", CounterEntity::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'counter' is registered twice");
    assertThatThrownBy(() -> builder.maxConcurrentEntityWorkItems(0).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentEntityWorkItems");
  }

  @Test
  void entityClassWithFactory_isNamedByItsClass_andMadeByTheFactoryForEachBatch() {
    AtomicInteger made = new AtomicInteger();
    start(
        DurableWorker.newBuilder(sidecar.connectionString())
            .entity(
                BonusEntity.class,
                () -> {
                  made.incrementAndGet();
                  return new BonusEntity(100);
                }));
    sidecar.workItems().awaitOpened();

    sidecar.workItems().push(v1("@bonus@b1", "tok-1", "add:5"));
    EntityBatchResult first = poll(sidecar.results().entityCompletions, "a completion");
    sidecar.workItems().push(v1("@bonus@b1", "tok-2", "add:1"));
    poll(sidecar.results().entityCompletions, "a completion");

    assertThat(first.getEntityState().getValue()).isEqualTo("105");
    assertThat(made).hasValue(2);
  }

  @Test
  void entityClassWithFactory_checksTheClassWhenRegistered() {
    DurableWorker.Builder builder = DurableWorker.newBuilder(sidecar.connectionString());

    assertThatThrownBy(() -> builder.entity(AbstractEntity.class, () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot host entity 'abstract'")
        .hasMessageContaining("is abstract");
    assertThatThrownBy(() -> builder.entity(OverloadedEntity.class, OverloadedEntity::new))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("add");
    builder.entity(BonusEntity.class, () -> new BonusEntity(1));
    assertThatThrownBy(() -> builder.entity("bonus", () -> new BonusEntity(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bonus' is registered twice");
  }
}
