package io.durableentities.client.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.core.Entity;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.FailureDetails;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.core.StartOrchestrationOptions;
import io.durableentities.core.internal.EntityBatchExecutor;
import io.durableentities.core.internal.EntityRegistry;
import io.durableentities.protocol.internal.EntityBatchRequest;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationInfo;
import io.durableentities.protocol.internal.OperationRequest;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.TaskFailureDetails;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Protocol tables: a wire request in, the wire {@code EntityBatchResult} out. */
class EntityBatchConverterTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  /** A counter: add (input), get, fail (throws), ping (signals another counter), start. */
  private static final Entity COUNTER =
      operation -> {
        long value = operation.state().exists() ? operation.state().get(Long.class) : 0L;
        switch (operation.name()) {
          case "add" -> operation.state().set(value + operation.input(Long.class));
          case "get" -> {
            return value;
          }
          case "fail" -> {
            operation.state().set(-1L);
            operation.context().signal(EntityInstanceId.of("counter", "lost"), "add", 1L);
            throw new IllegalStateException("no");
          }
          case "ping" ->
              operation
                  .context()
                  .signal(
                      EntityInstanceId.of("counter", "other"),
                      "add",
                      2L,
                      Instant.parse("2026-12-01T00:00:00Z"));
          case "start" -> operation.context().startOrchestration("Audit", "x", "audit-1");
          case "startVersioned" ->
              operation
                  .context()
                  .startOrchestration(
                      "Audit",
                      null,
                      StartOrchestrationOptions.newBuilder()
                          .instanceId("audit-2")
                          .version("2.0")
                          .build());
          case "delete" -> operation.state().delete();
          default -> throw new IllegalArgumentException(operation.name());
        }
        return null;
      };

  private final EntityBatchExecutor executor =
      new EntityBatchExecutor(
          EntityRegistry.of(Map.<String, Supplier<Entity>>of("counter", () -> COUNTER)),
          JacksonDataConverter.defaultInstance(),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private EntityBatchResult runV1(EntityBatchRequest request, String token) {
    EntityBatchConverter.Batch batch = EntityBatchConverter.fromV1(request);
    return EntityBatchConverter.toProto(
        executor.execute(batch.request()), token, batch.operationInfos(), NOW);
  }

  private EntityBatchResult runV2(EntityRequest request, String token) {
    EntityBatchConverter.Batch batch = EntityBatchConverter.fromV2(request);
    return EntityBatchConverter.toProto(
        executor.execute(batch.request()), token, batch.operationInfos(), NOW);
  }

  private static OperationRequest op(String name, String input, String requestId) {
    OperationRequest.Builder op = OperationRequest.newBuilder().setOperation(name);
    if (input != null) {
      op.setInput(StringValue.of(input));
    }
    return op.setRequestId(requestId).build();
  }

  private static HistoryEvent signaled(String name, String input, String requestId) {
    EntityOperationSignaledEvent.Builder e =
        EntityOperationSignaledEvent.newBuilder().setOperation(name).setRequestId(requestId);
    if (input != null) {
      e.setInput(StringValue.of(input));
    }
    return HistoryEvent.newBuilder().setEventId(-1).setEntityOperationSignaled(e).build();
  }

  private static HistoryEvent called(String name, String requestId, String parent, String exec) {
    EntityOperationCalledEvent.Builder e =
        EntityOperationCalledEvent.newBuilder()
            .setOperation(name)
            .setRequestId(requestId)
            .setParentInstanceId(StringValue.of(parent));
    if (exec != null) {
      e.setParentExecutionId(StringValue.of(exec));
    }
    return HistoryEvent.newBuilder().setEventId(-1).setEntityOperationCalled(e).build();
  }

  @Test
  void v1_addThenGet_returnsSuccessesNewStateAndNoInfos() {
    EntityBatchRequest request =
        EntityBatchRequest.newBuilder()
            .setInstanceId("@counter@c1")
            .setEntityState(StringValue.of("5"))
            .addOperations(op("add", "3", "r1"))
            .addOperations(op("get", null, "r2"))
            .build();

    EntityBatchResult result = runV1(request, "");

    assertThat(result.getResultsCount()).isEqualTo(2);
    assertThat(result.getResults(0).hasSuccess()).isTrue();
    assertThat(result.getResults(0).getSuccess().hasResult()).isFalse();
    assertThat(result.getResults(1).getSuccess().getResult().getValue()).isEqualTo("8");
    assertThat(result.getResults(1).getSuccess().getStartTimeUtc())
        .isEqualTo(Timestamps.of(NOW))
        .isEqualTo(result.getResults(1).getSuccess().getEndTimeUtc());
    assertThat(result.getEntityState().getValue()).isEqualTo("8");
    assertThat(result.getOperationInfosCount()).isZero();
    assertThat(result.hasFailureDetails()).isFalse();
    assertThat(result.getCompletionToken()).isEmpty();
  }

  @Test
  void v1_failingOperation_reportsFailureAndDropsItsStateAndActions() {
    EntityBatchRequest request =
        EntityBatchRequest.newBuilder()
            .setInstanceId("@counter@c1")
            .addOperations(op("add", "2", "r1"))
            .addOperations(op("fail", null, "r2"))
            .build();

    EntityBatchResult result = runV1(request, "tok");

    TaskFailureDetails failure = result.getResults(1).getFailure().getFailureDetails();
    assertThat(failure.getErrorType()).isEqualTo(IllegalStateException.class.getName());
    assertThat(failure.getErrorMessage()).isEqualTo("no");
    assertThat(failure.getStackTrace().getValue()).contains("IllegalStateException");
    assertThat(failure.getIsNonRetriable()).isFalse();
    assertThat(result.getResults(1).getFailure().getStartTimeUtc()).isEqualTo(Timestamps.of(NOW));
    assertThat(result.getActionsCount()).isZero();
    assertThat(result.getEntityState().getValue()).isEqualTo("2");
    assertThat(result.getCompletionToken()).isEqualTo("tok");
  }

  @Test
  void v1_deleteOperation_leavesEntityStateUnset() {
    EntityBatchRequest request =
        EntityBatchRequest.newBuilder()
            .setInstanceId("@counter@c1")
            .setEntityState(StringValue.of("5"))
            .addOperations(op("delete", null, "r1"))
            .build();

    assertThat(runV1(request, "t").hasEntityState()).isFalse();
  }

  @Test
  void v1_actions_becomeSendSignalAndStartNewOrchestration() {
    EntityBatchRequest request =
        EntityBatchRequest.newBuilder()
            .setInstanceId("@counter@c1")
            .addOperations(op("ping", null, "r1"))
            .addOperations(op("start", null, "r2"))
            .build();

    EntityBatchResult result = runV1(request, "t");

    assertThat(result.getActionsCount()).isEqualTo(2);
    var signal = result.getActions(0);
    assertThat(signal.getId()).isZero();
    assertThat(signal.getSendSignal().getInstanceId()).isEqualTo("@counter@other");
    assertThat(signal.getSendSignal().getName()).isEqualTo("add");
    assertThat(signal.getSendSignal().getInput().getValue()).isEqualTo("2");
    assertThat(Timestamps.toInstant(signal.getSendSignal().getScheduledTime()))
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(signal.getSendSignal().getRequestTime()).isEqualTo(Timestamps.of(NOW));
    var start = result.getActions(1);
    assertThat(start.getId()).isEqualTo(1);
    assertThat(start.getStartNewOrchestration().getInstanceId()).isEqualTo("audit-1");
    assertThat(start.getStartNewOrchestration().getName()).isEqualTo("Audit");
    assertThat(start.getStartNewOrchestration().getInput().getValue()).isEqualTo("\"x\"");
    assertThat(start.getStartNewOrchestration().hasScheduledTime()).isFalse();
    assertThat(start.getStartNewOrchestration().hasVersion()).isFalse();
  }

  @Test
  void v1_startWithAVersion_carriesIt() {
    EntityBatchRequest request =
        EntityBatchRequest.newBuilder()
            .setInstanceId("@counter@c1")
            .addOperations(op("startVersioned", null, "r1"))
            .build();

    EntityBatchResult result = runV1(request, "t");

    assertThat(result.getActions(0).getStartNewOrchestration().getInstanceId())
        .isEqualTo("audit-2");
    assertThat(result.getActions(0).getStartNewOrchestration().getVersion().getValue())
        .isEqualTo("2.0");
  }

  @Test
  void v1_unregisteredEntity_failsEachOperationNonRetriablyNamingTheEntity() {
    EntityBatchRequest request =
        EntityBatchRequest.newBuilder()
            .setInstanceId("@missing@k")
            .setEntityState(StringValue.of("1"))
            .addOperations(op("a", null, "r1"))
            .addOperations(op("b", null, "r2"))
            .build();

    EntityBatchResult result = runV1(request, "t");

    assertThat(result.getResultsList())
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.getFailure().getFailureDetails().getErrorType())
                  .isEqualTo("EntityTaskNotFound");
              assertThat(r.getFailure().getFailureDetails().getIsNonRetriable()).isTrue();
              assertThat(r.getFailure().getFailureDetails().getErrorMessage())
                  .contains("'missing'")
                  .contains("[counter]");
            });
    assertThat(result.getEntityState().getValue()).isEqualTo("1");
  }

  @Test
  void v2_signalAndCall_becomeOperationsWithInfos() {
    EntityRequest request =
        EntityRequest.newBuilder()
            .setInstanceId("@counter@c2")
            .setExecutionId("e1")
            .addOperationRequests(signaled("add", "4", "r1"))
            .addOperationRequests(called("get", "r2", "orch-1", "exec-1"))
            .build();

    EntityBatchResult result = runV2(request, "tok-2");

    assertThat(result.getResults(1).getSuccess().getResult().getValue()).isEqualTo("4");
    assertThat(result.getOperationInfosList())
        .containsExactly(
            OperationInfo.newBuilder().setRequestId("r1").build(),
            OperationInfo.newBuilder()
                .setRequestId("r2")
                .setResponseDestination(
                    OrchestrationInstance.newBuilder()
                        .setInstanceId("orch-1")
                        .setExecutionId(StringValue.of("exec-1")))
                .build());
    assertThat(result.getCompletionToken()).isEqualTo("tok-2");
    assertThat(result.getEntityState().getValue()).isEqualTo("4");
  }

  @Test
  void v2_callWithoutExecutionId_hasDestinationWithoutExecutionId() {
    EntityRequest request =
        EntityRequest.newBuilder()
            .setInstanceId("@counter@c2")
            .addOperationRequests(called("get", "r1", "orch-1", null))
            .build();

    OperationInfo info = runV2(request, "t").getOperationInfos(0);

    assertThat(info.getResponseDestination().getInstanceId()).isEqualTo("orch-1");
    assertThat(info.getResponseDestination().hasExecutionId()).isFalse();
  }

  @Test
  void v2_otherEvents_areSkipped() {
    EntityRequest request =
        EntityRequest.newBuilder()
            .setInstanceId("@counter@c2")
            .addOperationRequests(
                HistoryEvent.newBuilder()
                    .setEntityLockRequested(
                        EntityLockRequestedEvent.newBuilder().setCriticalSectionId("cs")))
            .addOperationRequests(signaled("add", "1", "r1"))
            .build();

    EntityBatchConverter.Batch batch = EntityBatchConverter.fromV2(request);

    assertThat(batch.request().operations()).hasSize(1);
    assertThat(batch.request().operations().get(0).requestId()).isEqualTo("r1");
    assertThat(batch.operationInfos()).hasSize(1);
    assertThat(batch.request().state()).isNull();
  }

  @Test
  void v2_operationInfos_areTrimmedToTheResults() {
    io.durableentities.core.internal.EntityBatchResult partial =
        new io.durableentities.core.internal.EntityBatchResult(
            List.of(new io.durableentities.core.internal.OperationResult.Success("1", NOW, NOW)),
            List.of(),
            "1",
            null);
    List<OperationInfo> infos =
        List.of(
            OperationInfo.newBuilder().setRequestId("r1").build(),
            OperationInfo.newBuilder().setRequestId("r2").build());

    EntityBatchResult result = EntityBatchConverter.toProto(partial, "t", infos, NOW);

    assertThat(result.getOperationInfosList())
        .extracting(OperationInfo::getRequestId)
        .containsExactly("r1");
  }

  @Test
  void batchFailure_becomesFailureDetailsWithoutResults() {
    io.durableentities.core.internal.EntityBatchResult failed =
        new io.durableentities.core.internal.EntityBatchResult(
            List.of(), List.of(), "7", new FailureDetails("X", "boom", null, false));

    EntityBatchResult result = EntityBatchConverter.toProto(failed, "t", List.of(), NOW);

    assertThat(result.getResultsCount()).isZero();
    assertThat(result.getFailureDetails().getErrorType()).isEqualTo("X");
    assertThat(result.getFailureDetails().hasStackTrace()).isFalse();
    assertThat(result.getEntityState().getValue()).isEqualTo("7");
  }

  @Test
  void failureDetails_roundTrip() {
    FailureDetails details = new FailureDetails("a.B", "msg", "trace", true);

    assertThat(EntityBatchConverter.fromProto(EntityBatchConverter.toProto(details)))
        .isEqualTo(details);
  }

  @Test
  void invalidInstanceId_throwsIllegalArgument() {
    assertThatThrownBy(
            () ->
                EntityBatchConverter.fromV1(
                    EntityBatchRequest.newBuilder().setInstanceId("counter").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with '@'");
  }
}
