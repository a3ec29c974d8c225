package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.durableentities.client.internal.ClientCallInvoker;
import io.durableentities.client.internal.ClientSignalInvoker;
import io.durableentities.client.internal.EntityCalls;
import io.durableentities.client.internal.grpc.GrpcChannels;
import io.durableentities.client.internal.grpc.Timestamps;
import io.durableentities.core.DurableException;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.OperationMetadata;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.testfixtures.FakeSidecar;
import io.durableentities.testfixtures.Queues;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DurableClientTest {

  interface Account {
    void deposit(long cents);

    long balance();
  }

  record Balance(long cents) {}

  private static final Instant MODIFIED = Instant.parse("2026-11-28T10:00:00Z");
  private static final EntityInstanceId ACCT = EntityInstanceId.of("account", "a1");

  private final FakeSidecar sidecar = FakeSidecar.start();
  private final DurableClient client =
      DurableClient.newBuilder(sidecar.connectionString())
          .retryPolicy(
              ClientRetryPolicy.newBuilder()
                  .maxAttempts(4)
                  .initialDelay(Duration.ofMillis(1))
                  .maxDelay(Duration.ofMillis(20))
                  .build())
          .build();

  @AfterEach
  void tearDown() {
    client.close();
    sidecar.close();
  }

  private static OperationMetadata operation(String name) {
    return EntityInterfaceMetadata.of(Account.class).operation(name);
  }

  private static io.durableentities.protocol.internal.EntityMetadata metadata(
      String id, String state) {
    var builder =
        io.durableentities.protocol.internal.EntityMetadata.newBuilder()
            .setInstanceId(id)
            .setLastModifiedTime(Timestamps.of(MODIFIED))
            .setBacklogQueueSize(2);
    if (state != null) {
      builder.setSerializedState(StringValue.of(state));
    }
    return builder.build();
  }

  @Test
  void signal_sendsGuidRequestIdInputAndRequestTime() {
    client.entities().signal(ACCT, "deposit", 500L);

    SignalEntityRequest request = Queues.poll(sidecar.requests().signals, "a signal");
    assertThat(request.getInstanceId()).isEqualTo("@account@a1");
    assertThat(request.getName()).isEqualTo("deposit");
    assertThat(request.getInput().getValue()).isEqualTo("500");
    assertThat(UUID.fromString(request.getRequestId()).toString())
        .isEqualTo(request.getRequestId());
    assertThat(request.hasRequestTime()).isTrue();
    assertThat(request.hasScheduledTime()).isFalse();
  }

  @Test
  void signal_scheduled_setsScheduledTimeAndNoInputForNull() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");

    client.entities().signal(ACCT, "reset", null, at);

    SignalEntityRequest request = Queues.poll(sidecar.requests().signals, "a signal");
    assertThat(Timestamps.toInstant(request.getScheduledTime())).isEqualTo(at);
    assertThat(request.hasInput()).isFalse();
  }

  @Test
  void signal_afterUnavailable_isRetriedWithTheSameRequestId() {
    sidecar.script().signalFailures.add(Status.UNAVAILABLE.withDescription("restarting"));
    sidecar.script().signalFailures.add(Status.DEADLINE_EXCEEDED);

    client.entities().signal(ACCT, "deposit", 1L);

    SignalEntityRequest first = Queues.poll(sidecar.requests().signals, "attempt 1");
    SignalEntityRequest second = Queues.poll(sidecar.requests().signals, "attempt 2");
    SignalEntityRequest third = Queues.poll(sidecar.requests().signals, "attempt 3");
    assertThat(List.of(second.getRequestId(), third.getRequestId()))
        .containsOnly(first.getRequestId());
    assertThat(sidecar.requests().signals).isEmpty();
  }

  @Test
  void signal_unavailableTooOften_throwsNamingEntityOperationAndStatus() {
    for (int i = 0; i < 4; i++) {
      sidecar.script().signalFailures.add(Status.UNAVAILABLE.withDescription("down"));
    }

    assertThatThrownBy(() -> client.entities().signal(ACCT, "deposit", 1L))
        .isExactlyInstanceOf(DurableException.class)
        .hasMessageContaining("@account@a1")
        .hasMessageContaining("'deposit'")
        .hasMessageContaining("UNAVAILABLE: down")
        .hasMessageContaining("after 4 attempts");
  }

  @Test
  void signal_invalidArgument_isNotRetried() {
    sidecar.script().signalFailures.add(Status.INVALID_ARGUMENT.withDescription("bad id"));

    assertThatThrownBy(() -> client.entities().signal(ACCT, "deposit", 1L))
        .isExactlyInstanceOf(DurableException.class)
        .hasMessageContaining("INVALID_ARGUMENT: bad id")
        .hasMessageNotContaining("attempts");
    assertThat(sidecar.requests().signals).hasSize(1);
  }

  @Test
  void everyCall_carriesTaskHubAndUserAgentButNoWorkerIdOrAuthorization() {
    client.entities().signal(ACCT, "deposit", 1L);

    var headers = sidecar.requests().headersOf("SignalEntity").get(0);
    assertThat(headers.get(GrpcChannels.TASK_HUB)).isEqualTo("test-hub");
    assertThat(headers.get(GrpcChannels.USER_AGENT)).startsWith("durable-entities-java/");
    assertThat(headers.get(GrpcChannels.WORKER_ID)).isNull();
    assertThat(headers.get(GrpcChannels.AUTHORIZATION)).isNull();
  }

  @Test
  void credential_overridesAuthenticationNone_andSendsBearerToken() {
    try (DurableClient withToken =
        DurableClient.newBuilder(sidecar.connectionString())
            .credential(new StaticCredential("client-token"))
            .build()) {
      withToken.entities().signal(ACCT, "deposit", 1L);
    }

    assertThat(sidecar.requests().headersOf("SignalEntity").get(0).get(GrpcChannels.AUTHORIZATION))
        .isEqualTo("Bearer client-token");
  }

  @Test
  void ping_sendsOneHello() {
    client.ping(Duration.ofSeconds(5));

    assertThat(sidecar.requests().headersOf("Hello")).hasSize(1);
  }

  @Test
  void ping_unanswered_throwsNamingEndpointAndStatus_withoutRetrying() {
    sidecar.script().helloFailures.set(1);

    assertThatThrownBy(() -> client.ping(Duration.ofSeconds(5)))
        .isInstanceOf(DurableException.class)
        .hasMessageContaining(client.connection().endpoint().toString())
        .hasMessageContaining("UNAVAILABLE (warming up)");
    client.ping(Duration.ofSeconds(5));
    assertThat(sidecar.requests().headersOf("Hello")).hasSize(2);
  }

  @Test
  void ping_afterClose_throwsIllegalState() {
    client.close();

    assertThatThrownBy(() -> client.ping(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void builder_rejectsNonPositiveTimeout() {
    assertThatThrownBy(
            () ->
                DurableClient.newBuilder(sidecar.connectionString())
                    .callTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callTimeout");
  }

  @Test
  void get_typed_returnsMetadataAndState() {
    sidecar.script().getEntity =
        request ->
            GetEntityResponse.newBuilder()
                .setExists(true)
                .setEntity(
                    metadata(request.getInstanceId(), "{\"cents\":7}").toBuilder()
                        .setLockedBy(StringValue.of("orch-1")))
                .build();

    EntityMetadata<Balance> found = client.entities().get(ACCT, Balance.class).orElseThrow();

    assertThat(sidecar.requests().of(GetEntityRequest.class).get(0).getIncludeState()).isTrue();
    assertThat(found.id()).isEqualTo(ACCT);
    assertThat(found.state()).isEqualTo(new Balance(7));
    assertThat(found.lastModified()).isEqualTo(MODIFIED);
    assertThat(found.backlogQueueSize()).isEqualTo(2);
    assertThat(found.lockedBy()).isEqualTo("orch-1");
    assertThat(found.isLocked()).isTrue();
    assertThat(found.includesState()).isTrue();
  }

  @Test
  void get_withoutState_doesNotAskForIt() {
    sidecar.script().getEntity =
        request ->
            GetEntityResponse.newBuilder()
                .setExists(true)
                .setEntity(metadata(request.getInstanceId(), null))
                .build();

    EntityMetadata<Void> found = client.entities().get(ACCT).orElseThrow();

    assertThat(sidecar.requests().of(GetEntityRequest.class).get(0).getIncludeState()).isFalse();
    assertThat(found.state()).isNull();
    assertThat(found.includesState()).isFalse();
    assertThat(found.lockedBy()).isNull();
  }

  @Test
  void get_notFound_isEmpty() {
    assertThat(client.entities().get(ACCT, Long.class)).isEmpty();
  }

  @Test
  void get_unreadableState_throwsNamingEntityAndType() {
    sidecar.script().getEntity =
        request ->
            GetEntityResponse.newBuilder()
                .setExists(true)
                .setEntity(metadata(request.getInstanceId(), "\"text\""))
                .build();

    assertThatThrownBy(() -> client.entities().get(ACCT, Balance.class))
        .isInstanceOf(EntityException.class)
        .hasMessageContaining("@account@a1")
        .hasMessageContaining("Balance");
  }

  @Test
  void query_pagesTransparentlyAcrossTokensAndEmptyPages() {
    sidecar.script().queryEntities =
        request -> {
          String token =
              request.getQuery().hasContinuationToken()
                  ? request.getQuery().getContinuationToken().getValue()
                  : "";
          return switch (token) {
            case "" ->
                QueryEntitiesResponse.newBuilder()
                    .addEntities(metadata("@account@a1", "1"))
                    .addEntities(metadata("@account@a2", "2"))
                    .setContinuationToken(StringValue.of("p2"))
                    .build();
            case "p2" ->
                QueryEntitiesResponse.newBuilder()
                    .setContinuationToken(StringValue.of("p3"))
                    .build();
            default ->
                QueryEntitiesResponse.newBuilder()
                    .addEntities(metadata("@account@a3", "3"))
                    .build();
          };
        };
    EntityQuery query =
        EntityQuery.newBuilder().instanceIdStartsWith("Account@a").pageSize(2).build();

    List<Long> states =
        client.entities().query(query, Long.class).map(EntityMetadata::state).toList();

    assertThat(states).containsExactly(1L, 2L, 3L);
    assertThat(sidecar.requests().of(QueryEntitiesRequest.class)).hasSize(3);
    var first = sidecar.requests().of(QueryEntitiesRequest.class).get(0).getQuery();
    assertThat(first.getInstanceIdStartsWith().getValue()).isEqualTo("@account@a");
    assertThat(first.getPageSize()).isEqualTo(Int32Value.of(2));
    assertThat(first.getIncludeState()).isTrue();
    assertThat(first.getIncludeTransient()).isFalse();
    assertThat(first.hasContinuationToken()).isFalse();
  }

  @Test
  void query_isLazy_andUntypedStateIsJson() {
    sidecar.script().queryEntities =
        request -> QueryEntitiesResponse.newBuilder().addEntities(metadata("@a@1", "{}")).build();

    var stream = client.entities().query(EntityQuery.all());

    assertThat(sidecar.requests().of(QueryEntitiesRequest.class)).isEmpty();
    assertThat(stream.toList()).extracting(EntityMetadata::state).containsExactly("{}");
    assertThat(sidecar.requests().of(QueryEntitiesRequest.class).get(0).getQuery().hasPageSize())
        .isFalse();
  }

  @Test
  void cleanStorage_loopsOnTokenAndSumsCounts() {
    AtomicInteger calls = new AtomicInteger();
    sidecar.script().cleanEntityStorage =
        request ->
            calls.incrementAndGet() < 3
                ? CleanEntityStorageResponse.newBuilder()
                    .setEmptyEntitiesRemoved(2)
                    .setOrphanedLocksReleased(1)
                    .setContinuationToken(StringValue.of("t" + calls.get()))
                    .build()
                : CleanEntityStorageResponse.newBuilder().setEmptyEntitiesRemoved(1).build();

    CleanEntityStorageResult result = client.entities().cleanStorage(true, false);

    assertThat(result).isEqualTo(new CleanEntityStorageResult(5, 2));
    List<CleanEntityStorageRequest> requests =
        sidecar.requests().of(CleanEntityStorageRequest.class);
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).getRemoveEmptyEntities()).isTrue();
    assertThat(requests.get(0).getReleaseOrphanedLocks()).isFalse();
    assertThat(requests.get(2).getContinuationToken().getValue()).isEqualTo("t2");
  }

  @Test
  void signalProxy_voidMethodSendsSignal_resultMethodIsRejected() {
    // What a proxy's methods do: each forwards to the invoker.
    ClientSignalInvoker invoker =
        new ClientSignalInvoker(client.entities(), Account.class, ACCT, null);

    invoker.invoke(operation("deposit"), 5L);

    assertThat(Queues.poll(sidecar.requests().signals, "a signal").getName()).isEqualTo("deposit");
    assertThatThrownBy(() -> invoker.invoke(operation("balance"), null))
        .isInstanceOf(EntityException.class)
        .hasMessageContaining("a signal has no result: call it through a call proxy")
        .hasMessageContaining("client.entities().call(Account.class, @account@a1)")
        .hasMessageContaining("@account@a1")
        .hasMessageContaining("Account.balance");
  }

  @Test
  void scheduledSignalProxy_sendsTheScheduledTime_andComparesByEntityAndTime() {
    Instant at = Instant.parse("2030-01-02T03:04:05Z");
    ClientSignalInvoker invoker =
        new ClientSignalInvoker(client.entities(), Account.class, ACCT, at);

    invoker.invoke(operation("deposit"), 7L);

    SignalEntityRequest sent = Queues.poll(sidecar.requests().signals, "a scheduled signal");
    assertThat(sent.getName()).isEqualTo("deposit");
    assertThat(sent.getScheduledTime().getSeconds()).isEqualTo(at.getEpochSecond());
    assertThat(invoker.target())
        .isEqualTo(new ClientSignalInvoker(client.entities(), Account.class, ACCT, at).target())
        .isNotEqualTo(
            new ClientSignalInvoker(client.entities(), Account.class, ACCT, null).target());
  }

  @Test
  void callProxyTargets_compareByEntityAndTimeout_andDifferFromSignalProxyTargets() {
    EntityCalls calls =
        new EntityCalls(
            client.dataConverter(),
            () -> {
              throw new AssertionError("no call is made");
            });
    Object target = new ClientCallInvoker(calls, ACCT, Duration.ofSeconds(5)).target();

    assertThat(target)
        .isEqualTo(new ClientCallInvoker(calls, ACCT, Duration.ofSeconds(5)).target())
        .isNotEqualTo(new ClientCallInvoker(calls, ACCT, Duration.ofSeconds(6)).target())
        .isNotEqualTo(
            new ClientSignalInvoker(client.entities(), Account.class, ACCT, null).target())
        .hasToString("calls to @account@a1 (timeout PT5S)");
  }

  @Test
  void signalAfter_negativeDelay_isRejected() {
    assertThatThrownBy(
            () -> client.entities().signalAfter(Account.class, ACCT, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay must not be negative");
  }

  @Test
  void calls_withoutTheOrchestrationModule_nameTheModuleAndItsMavenCoordinates() {
    // this module's tests have no orchestration-bridge on the class path
    assertThatThrownBy(() -> client.entities().call(Account.class, ACCT))
        .isInstanceOf(EntityException.class)
        .hasMessageContaining("need the module io.durableentities:orchestration-bridge")
        .hasMessageContaining(
            "<groupId>io.durableentities</groupId><artifactId>orchestration-bridge</artifactId>");
    assertThatThrownBy(() -> client.entities().call(ACCT, "balance", null, Long.class))
        .isInstanceOf(EntityException.class)
        .hasMessageContaining("io.durableentities:orchestration-bridge");
    assertThat(client.entities().callAsync(ACCT, "balance", null, Long.class))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(EntityException.class);
  }

  @Test
  void signalProxy_withoutProxyModule_namesTheDependency() {
    assertThatThrownBy(() -> client.entities().signal(Account.class, "a1"))
        .isInstanceOf(EntityException.class)
        .hasMessageContaining("io.durableentities:entities-proxy");
  }

  @Test
  void extension_isCreatedOnceAndUsesTheClientsChannelAndHeaders() {
    StubExtension extension = client.extension(StubExtension.class);

    extension.stub().hello(Empty.getDefaultInstance());

    assertThat(client.extension(StubExtension.class)).isSameAs(extension);
    assertThat(extension.context().dataConverter()).isSameAs(client.dataConverter());
    assertThat(sidecar.requests().headersOf("Hello").get(0).get(GrpcChannels.TASK_HUB))
        .isEqualTo("test-hub");
  }

  @Test
  void extensionTypeNoModuleAdds_isRejected_namingTheTypeAndTheFix() {
    assertThatThrownBy(() -> client.extension(Account.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No provider runs client extension " + Account.class.getName())
        .hasMessageContaining(
            "META-INF/services/io.durableentities.client.internal.grpc.ClientExtensionProvider");
  }

  @Test
  void closedClient_rejectsExtensions() {
    client.close();

    assertThatThrownBy(() -> client.extension(StubExtension.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
