package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BoolValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.client.DurableClient;
import io.durableentities.core.EntityException;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.ResumeRequest;
import io.durableentities.protocol.internal.SuspendRequest;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.testfixtures.FakeSidecar;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client plug-in against a fake sidecar: the requests it sends and how it reads answers. */
class OrchestrationClientTest {

  private static final Timestamp CREATED = Timestamp.newBuilder().setSeconds(1_000).build();
  private static final Timestamp UPDATED = Timestamp.newBuilder().setSeconds(2_000).build();

  private FakeSidecar sidecar;
  private DurableClient durable;
  private OrchestrationClient client;

  @BeforeEach
  void start() {
    sidecar = FakeSidecar.start();
    durable = DurableClient.connect(sidecar.connectionString());
    client = OrchestrationClient.of(durable);
  }

  @AfterEach
  void stop() {
    durable.close();
    sidecar.close();
  }

  private static OrchestrationState.Builder state(String id, OrchestrationStatus status) {
    return OrchestrationState.newBuilder()
        .setInstanceId(id)
        .setName("Greet")
        .setOrchestrationStatus(status)
        .setCreatedTimestamp(CREATED)
        .setLastUpdatedTimestamp(UPDATED);
  }

  private static GetInstanceResponse exists(OrchestrationState.Builder state) {
    return GetInstanceResponse.newBuilder().setExists(true).setOrchestrationState(state).build();
  }

  @Test
  void of_returnsOneClientPerDurableClient() {
    assertThat(OrchestrationClient.of(durable)).isSameAs(client);
  }

  @Test
  void scheduleNew_sendsNameInputIdAndStartTime() {
    Instant at = Instant.parse("2030-01-01T10:00:00Z");

    String id = client.scheduleNew("Greet", "ada", "greet-1", at);

    CreateInstanceRequest request = sidecar.requests().of(CreateInstanceRequest.class).get(0);
    assertThat(id).isEqualTo("greet-1");
    assertThat(request.getName()).isEqualTo("Greet");
    assertThat(request.getInstanceId()).isEqualTo("greet-1");
    assertThat(request.getInput().getValue()).isEqualTo("\"ada\"");
    assertThat(request.getScheduledStartTimestamp().getSeconds()).isEqualTo(at.getEpochSecond());
    assertThat(request.hasRequestTime()).isTrue();
  }

  @Test
  void scheduleNew_withoutId_sendsANewRandomIdAndNoStartTime() {
    String first = client.scheduleNew("Greet", null);
    String second = client.scheduleNew("Greet", null);

    List<CreateInstanceRequest> requests = sidecar.requests().of(CreateInstanceRequest.class);
    assertThat(first).isNotEqualTo(second).isEqualTo(requests.get(0).getInstanceId());
    assertThat(requests.get(0).hasInput()).isFalse();
    assertThat(requests.get(0).hasScheduledStartTimestamp()).isFalse();
  }

  @Test
  void get_readsTheStateWithTypedReaders() {
    sidecar.script().getInstance =
        request ->
            exists(
                state(request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                    .setInput(StringValue.of("\"ada\""))
                    .setOutput(StringValue.of("42"))
                    .setCustomStatus(StringValue.of("{\"step\":2}"))
                    .setFailureDetails(
                        TaskFailureDetails.newBuilder()
                            .setErrorType("java.lang.IllegalStateException")
                            .setErrorMessage("boom")));

    OrchestrationMetadata metadata = client.get("o-1").orElseThrow();

    assertThat(sidecar.requests().of(GetInstanceRequest.class).get(0).getGetInputsAndOutputs())
        .isTrue();
    assertThat(metadata.instanceId()).isEqualTo("o-1");
    assertThat(metadata.name()).isEqualTo("Greet");
    assertThat(metadata.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(metadata.isTerminal()).isTrue();
    assertThat(metadata.createdAt()).isEqualTo(Instant.ofEpochSecond(1_000));
    assertThat(metadata.lastUpdatedAt()).isEqualTo(Instant.ofEpochSecond(2_000));
    assertThat(metadata.readInputAs(String.class)).isEqualTo("ada");
    assertThat(metadata.readOutputAs(Integer.class)).isEqualTo(42);
    assertThat(metadata.serializedCustomStatus()).isEqualTo("{\"step\":2}");
    assertThat(metadata.failureDetails().isCausedBy(IllegalStateException.class)).isTrue();
  }

  @Test
  void get_unknownInstance_isEmpty() {
    assertThat(client.get("nobody", false)).isEmpty();
    assertThat(sidecar.requests().of(GetInstanceRequest.class).get(0).getGetInputsAndOutputs())
        .isFalse();
  }

  @Test
  void waitForCompletion_answersWithTheFinishedInstance() throws Exception {
    sidecar.script().getInstance =
        request ->
            exists(
                state(request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                    .setOutput(StringValue.of("\"done\"")));

    OrchestrationMetadata done = client.waitForCompletion("o-1", Duration.ofSeconds(5));

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.readOutputAs(String.class)).isEqualTo("done");
  }

  @Test
  void waits_whoseOutputCannotBeReadFromThePayloadStore_throwThePayloadStoreException()
      throws Exception {
    UnreachablePayloadStore store = new UnreachablePayloadStore();
    sidecar.script().getInstance =
        request ->
            exists(
                state(request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                    .setOutput(StringValue.of(UnreachablePayloadStore.TOKEN)));
    try (DurableClient withStore =
        DurableClient.newBuilder(sidecar.connectionString()).payloadStore(store).build()) {
      OrchestrationClient orchestrations = OrchestrationClient.of(withStore);

      assertThatThrownBy(() -> orchestrations.waitForCompletion("o-1", Duration.ofSeconds(5)))
          .isSameAs(store.failure)
          .hasCause(store.unreachable);
      assertThatThrownBy(() -> orchestrations.waitForStart("o-1", Duration.ofSeconds(5)))
          .isSameAs(store.failure);
    }
  }

  @Test
  void waitForCompletion_timeout_throwsTimeoutException() {
    sidecar.script().getInstance = request -> null;

    assertThatThrownBy(() -> client.waitForCompletion("slow", Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("'slow'")
        .hasMessageContaining("PT0.2S");
    assertThatThrownBy(() -> client.waitForStart("slow", Duration.ofMillis(100)))
        .isInstanceOf(TimeoutException.class);
  }

  /** Registered and started by its annotation's name. */
  @OrchestrationName("Greet")
  static final class Greeting implements Orchestration {
    @Override
    public Object run(OrchestrationContext ctx) {
      return "hello";
    }
  }

  /** Registered and started by its simple name. */
  static final class Checkout implements Orchestration {
    @Override
    public Object run(OrchestrationContext ctx) {
      return null;
    }
  }

  @Test
  void scheduleNew_byClass_startsTheNameTheClassIsRegisteredUnder() {
    String generated = client.scheduleNew(Greeting.class, "ada");
    String chosen = client.scheduleNew(Checkout.class, null, "order-7");

    List<CreateInstanceRequest> starts = sidecar.requests().of(CreateInstanceRequest.class);
    assertThat(starts.get(0).getName()).isEqualTo("Greet");
    assertThat(starts.get(0).getInstanceId()).isEqualTo(generated);
    assertThat(starts.get(0).getInput().getValue()).isEqualTo("\"ada\"");
    assertThat(starts.get(1).getName())
        .isEqualTo("Checkout")
        .isEqualTo(Orchestrations.orchestrationName(Checkout.class));
    assertThat(chosen).isEqualTo("order-7");
  }

  @Test
  void waitTimeout_ofAPendingInstance_namesTheOrchestrationNoWorkerRegistered() {
    // the wait never answers; a plain GetInstance sees the instance still PENDING
    sidecar.script().getInstance =
        request ->
            request.getGetInputsAndOutputs()
                ? null
                : exists(
                    state(
                        request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_PENDING));

    assertThatThrownBy(() -> client.waitForCompletion("o-9", Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("'o-9' did not reach its completion within PT0.2S")
        .hasMessageContaining("still PENDING, so no worker has started it")
        .hasMessageContaining("registered orchestration 'Greet'")
        .hasMessageContaining("task hub 'test-hub'");
  }

  @Test
  void waitTimeout_ofAPendingVersionedInstance_namesItsVersion() {
    sidecar.script().getInstance =
        request ->
            request.getGetInputsAndOutputs()
                ? null
                : exists(
                    state(request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_PENDING)
                        .setVersion(StringValue.of("2.0")));

    assertThatThrownBy(() -> client.waitForCompletion("o-9", Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("registered orchestration 'Greet'")
        .hasMessageContaining("or runs its version '2.0'")
        .hasMessageContaining("Check the name and version");
  }

  @Test
  void waitTimeout_ofARunningInstance_saysWhatItWaitsFor() {
    sidecar.script().getInstance =
        request ->
            request.getGetInputsAndOutputs()
                ? null
                : exists(
                    state(
                        request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING));

    assertThatThrownBy(() -> client.waitForStart("o-8", Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("orchestration 'Greet' is RUNNING (waiting for");
  }

  @Test
  void waitForStart_unknownInstance_saysSo() {
    assertThatThrownBy(() -> client.waitForStart("nobody", Duration.ofSeconds(5)))
        .isInstanceOf(OrchestrationException.class)
        .isNotInstanceOf(EntityException.class)
        .hasMessageContaining("knows no such instance");
  }

  @Test
  void raiseEventTerminateSuspendResume_sendTheirFields() {
    client.raiseEvent("o-1", "approve", "ada");
    client.terminate("o-1", "stopped", true);
    client.terminate("o-2", null);
    client.suspend("o-3", "maintenance");
    client.resume("o-3", null);

    RaiseEventRequest event = sidecar.requests().of(RaiseEventRequest.class).get(0);
    assertThat(event.getInstanceId()).isEqualTo("o-1");
    assertThat(event.getName()).isEqualTo("approve");
    assertThat(event.getInput().getValue()).isEqualTo("\"ada\"");
    List<TerminateRequest> terminations = sidecar.requests().of(TerminateRequest.class);
    assertThat(terminations.get(0).getRecursive()).isTrue();
    assertThat(terminations.get(0).getOutput().getValue()).isEqualTo("\"stopped\"");
    assertThat(terminations.get(1).getRecursive()).isFalse();
    assertThat(terminations.get(1).hasOutput()).isFalse();
    assertThat(sidecar.requests().of(SuspendRequest.class).get(0).getReason().getValue())
        .isEqualTo("maintenance");
    assertThat(sidecar.requests().of(ResumeRequest.class).get(0).hasReason()).isFalse();
  }

  @Test
  void query_fetchesPagesLazilyWithTheContinuationToken() {
    sidecar.script().queryInstances =
        request ->
            request.getQuery().hasContinuationToken()
                ? QueryInstancesResponse.newBuilder()
                    .addOrchestrationState(
                        state("b", OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED))
                    .build()
                : QueryInstancesResponse.newBuilder()
                    .addOrchestrationState(
                        state("a", OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING))
                    .setContinuationToken(StringValue.of("next"))
                    .build();
    OrchestrationQuery query =
        OrchestrationQuery.newBuilder()
            .statuses(OrchestrationRuntimeStatus.RUNNING, OrchestrationRuntimeStatus.COMPLETED)
            .instanceIdPrefix("a")
            .createdFrom(Instant.ofEpochSecond(10))
            .pageSize(1)
            .fetchInputsAndOutputs(true)
            .build();

    var stream = client.query(query);
    assertThat(sidecar.requests().of(QueryInstancesRequest.class)).isEmpty();
    List<String> ids = stream.map(OrchestrationMetadata::instanceId).toList();

    List<QueryInstancesRequest> requests = sidecar.requests().of(QueryInstancesRequest.class);
    assertThat(ids).containsExactly("a", "b");
    assertThat(requests).hasSize(2);
    var first = requests.get(0).getQuery();
    assertThat(first.getRuntimeStatusList())
        .containsExactlyInAnyOrder(
            OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING,
            OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
    assertThat(first.getInstanceIdPrefix().getValue()).isEqualTo("a");
    assertThat(first.getCreatedTimeFrom().getSeconds()).isEqualTo(10);
    assertThat(first.getMaxInstanceCount()).isEqualTo(1);
    assertThat(first.getFetchInputsAndOutputs()).isTrue();
    assertThat(first.hasContinuationToken()).isFalse();
    assertThat(requests.get(1).getQuery().getContinuationToken().getValue()).isEqualTo("next");
  }

  @Test
  void purge_oneInstanceAndByFilterUntilComplete() {
    AtomicInteger calls = new AtomicInteger();
    sidecar.script().purgeInstances =
        request ->
            request.hasPurgeInstanceFilter()
                ? PurgeInstancesResponse.newBuilder()
                    .setDeletedInstanceCount(2)
                    .setIsComplete(BoolValue.of(calls.incrementAndGet() > 1))
                    .build()
                : PurgeInstancesResponse.newBuilder().setDeletedInstanceCount(1).build();

    boolean one = client.purge("o-1");
    int many =
        client.purge(
            OrchestrationPurgeFilter.newBuilder()
                .createdTo(Instant.ofEpochSecond(50))
                .statuses(OrchestrationRuntimeStatus.COMPLETED)
                .build());

    List<PurgeInstancesRequest> requests = sidecar.requests().of(PurgeInstancesRequest.class);
    assertThat(one).isTrue();
    assertThat(requests.get(0).getInstanceId()).isEqualTo("o-1");
    assertThat(requests.get(0).getIsOrchestration()).isTrue();
    assertThat(many).isEqualTo(4);
    var filter = requests.get(1).getPurgeInstanceFilter();
    assertThat(filter.getCreatedTimeTo().getSeconds()).isEqualTo(50);
    assertThat(filter.getRuntimeStatusList())
        .containsExactly(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
  }
}
