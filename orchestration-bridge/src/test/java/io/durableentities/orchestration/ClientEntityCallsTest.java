package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.client.DurableClient;
import io.durableentities.client.EntityClient;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.FailureDetails;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.orchestration.internal.CallEntityOrchestration;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.testfixtures.FakeSidecar;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client calls to entities ({@code client.entities().call(...)}) against a fake sidecar: they run
 * the built-in orchestration, wait for every method ({@code void} included), throw the entity's
 * failure and the payload store's, and explain a timeout.
 */
class ClientEntityCallsTest {

  /** A wallet's contract. */
  public interface Wallet {
    void charge(long cents);

    long balance();
  }

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final EntityInstanceId WALLET = EntityInstanceId.of(Wallet.class, "w1");

  private FakeSidecar sidecar;
  private DurableClient durable;
  private EntityClient entities;

  @BeforeEach
  void start() {
    sidecar = FakeSidecar.start();
    durable = DurableClient.connect(sidecar.connectionString());
    entities = durable.entities();
    sidecar.script().purgeInstances = request -> PurgeInstancesResponse.newBuilder().build();
  }

  @AfterEach
  void stop() {
    durable.close();
    sidecar.close();
  }

  private static GetInstanceResponse instance(String id, OrchestrationStatus status) {
    return GetInstanceResponse.newBuilder()
        .setExists(true)
        .setOrchestrationState(
            OrchestrationState.newBuilder()
                .setInstanceId(id)
                .setName(CallEntityOrchestration.NAME)
                .setOrchestrationStatus(status)
                .setCreatedTimestamp(Timestamp.newBuilder().setSeconds(1))
                .setLastUpdatedTimestamp(Timestamp.newBuilder().setSeconds(2)))
        .build();
  }

  /** Every call completes at once with this response. */
  private void answerCallsWith(CallEntityOrchestration.Response response) {
    answerCallsWith(JacksonDataConverter.defaultInstance().serialize(response));
  }

  /** Every call's orchestration completes at once with this output. */
  private void answerCallsWith(String output) {
    sidecar.script().getInstance =
        request -> {
          GetInstanceResponse done =
              instance(request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
          return done.toBuilder()
              .setOrchestrationState(
                  done.getOrchestrationState().toBuilder().setOutput(StringValue.of(output)))
              .build();
        };
  }

  private static final FailureDetails NO_FUNDS =
      new FailureDetails("java.lang.IllegalStateException", "no funds", null, false);

  @Test
  void callByName_startsTheBuiltInOrchestration_readsItsResult_andPurgesIt() {
    answerCallsWith(new CallEntityOrchestration.Response("41", null));

    long result = entities.call(WALLET, "balance", null, Long.class, WAIT);

    CreateInstanceRequest start = sidecar.requests().of(CreateInstanceRequest.class).get(0);
    assertThat(result).isEqualTo(41L);
    assertThat(start.getName()).isEqualTo("__durableentities.callEntity");
    assertThat(
            JacksonDataConverter.defaultInstance()
                .deserialize(start.getInput().getValue(), CallEntityOrchestration.Request.class))
        .isEqualTo(new CallEntityOrchestration.Request("@wallet@w1", "balance", null));
    await("the call's instance is purged")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> sidecar.requests().of(PurgeInstancesRequest.class),
            purges ->
                purges.stream().anyMatch(p -> p.getInstanceId().equals(start.getInstanceId())));
  }

  @Test
  void finishedCalls_arePurgedInOneBatch_atTheLatestWhenTheClientCloses() {
    answerCallsWith(new CallEntityOrchestration.Response("1", null));
    Wallet wallet = entities.call(Wallet.class, WALLET);

    wallet.balance();
    wallet.balance();
    wallet.balance();
    durable.close();

    List<String> started =
        sidecar.requests().of(CreateInstanceRequest.class).stream()
            .map(CreateInstanceRequest::getInstanceId)
            .toList();
    List<String> purged =
        sidecar.requests().of(PurgeInstancesRequest.class).stream()
            .flatMap(
                p ->
                    p.hasInstanceBatch()
                        ? p.getInstanceBatch().getInstanceIdsList().stream()
                        : java.util.stream.Stream.of(p.getInstanceId()))
            .toList();
    assertThat(purged).containsExactlyInAnyOrderElementsOf(started);
    assertThat(sidecar.requests().of(PurgeInstancesRequest.class))
        .as("the calls (a few ms apart, within the batching period) share a purge request")
        .anyMatch(PurgeInstancesRequest::hasInstanceBatch);
  }

  @Test
  void callProxy_voidMethod_waitsForTheOperation_andThrowsTheEntitysFailure() {
    answerCallsWith(new CallEntityOrchestration.Response(null, NO_FUNDS));
    Wallet wallet = entities.call(Wallet.class, WALLET);

    assertThatThrownBy(() -> wallet.charge(500))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("no funds")
        .satisfies(
            e ->
                assertThat(((EntityOperationFailedException) e).failureDetails())
                    .isEqualTo(NO_FUNDS));
    assertThat(sidecar.requests().of(CreateInstanceRequest.class)).hasSize(1);
    assertThat(sidecar.requests().signals).as("a call proxy never signals").isEmpty();
  }

  @Test
  void callProxy_byKey_namesTheEntityAfterTheInterface_andReturnsTheResult() {
    answerCallsWith(new CallEntityOrchestration.Response("7", null));

    Wallet calls = entities.call(Wallet.class, "w1");

    assertThat(calls.balance()).isEqualTo(7L);
    assertThat(sidecar.requests().of(CreateInstanceRequest.class).get(0).getInput().getValue())
        .contains("@wallet@w1");
  }

  @Test
  void asyncForms_completeWithTheResult_orExceptionallyWithTheFailure() {
    answerCallsWith(new CallEntityOrchestration.Response("12", null));

    assertThat(entities.handle(Wallet.class, WALLET).callAsync(Wallet::balance).join())
        .isEqualTo(12L);
    assertThat(entities.callAsync(WALLET, "balance", null, Long.class).join()).isEqualTo(12L);

    answerCallsWith(new CallEntityOrchestration.Response(null, NO_FUNDS));
    assertThatThrownBy(
            () -> entities.handle(Wallet.class, WALLET).runAsync(w -> w.charge(5)).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(EntityOperationFailedException.class);
  }

  @Test
  void calls_whoseResultCannotBeReadFromThePayloadStore_throwThePayloadStoreException() {
    UnreachablePayloadStore store = new UnreachablePayloadStore();
    answerCallsWith(UnreachablePayloadStore.TOKEN);

    try (DurableClient withStore =
        DurableClient.newBuilder(sidecar.connectionString()).payloadStore(store).build()) {
      EntityClient calls = withStore.entities();

      assertThatThrownBy(() -> calls.call(WALLET, "balance", null, Long.class, WAIT))
          .isSameAs(store.failure)
          .hasCause(store.unreachable);
      assertThatThrownBy(() -> calls.callAsync(WALLET, "balance", null, Long.class, WAIT).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isSameAs(store.failure);
      List<String> started =
          sidecar.requests().of(CreateInstanceRequest.class).stream()
              .map(CreateInstanceRequest::getInstanceId)
              .toList();
      await("the finished calls' instances are purged")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> sidecar.requests().of(PurgeInstancesRequest.class),
              purges ->
                  purges.stream()
                      .flatMap(
                          p ->
                              p.hasInstanceBatch()
                                  ? p.getInstanceBatch().getInstanceIdsList().stream()
                                  : java.util.stream.Stream.of(p.getInstanceId()))
                      .toList()
                      .containsAll(started));
    }
  }

  @Test
  void timeout_whileNoWorkerStartedTheCall_namesTheEntityAndTheMissingWorker() {
    // the wait never answers; the diagnosis (a plain GetInstance) sees the call still PENDING
    sidecar.script().getInstance =
        request ->
            request.getGetInputsAndOutputs()
                ? null
                : instance(
                    request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_PENDING);

    assertThatThrownBy(
            () -> entities.call(WALLET, "balance", null, Long.class, Duration.ofMillis(300)))
        .isInstanceOf(EntityException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("Could not call operation 'balance' on entity @wallet@w1")
        .hasMessageContaining("is still PENDING, so the operation was not sent")
        .hasMessageContaining("no worker connected to task hub 'test-hub'")
        .hasMessageContaining("io.durableentities:orchestration-bridge");
    String started = sidecar.requests().of(CreateInstanceRequest.class).get(0).getInstanceId();
    await("the call's instance is terminated")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> sidecar.requests().of(TerminateRequest.class),
            terminated -> terminated.stream().anyMatch(t -> t.getInstanceId().equals(started)));
  }

  @Test
  void timeout_afterTheCallWasSent_namesTheEntityNameNoWorkerHosts() {
    sidecar.script().getInstance =
        request ->
            request.getGetInputsAndOutputs()
                ? null
                : instance(
                    request.getInstanceId(), OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);

    assertThatThrownBy(() -> entities.call(Wallet.class, WALLET, Duration.ofMillis(300)).balance())
        .isInstanceOf(EntityException.class)
        .hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("no result within PT0.3S")
        .hasMessageContaining("but entity @wallet@w1 did not answer")
        .hasMessageContaining("hosts entity name 'wallet'")
        .hasMessageContaining("client.entities().get(@wallet@w1)");
  }
}
