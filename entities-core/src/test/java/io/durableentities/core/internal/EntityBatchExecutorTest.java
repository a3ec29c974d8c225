package io.durableentities.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.DataConverterException;
import io.durableentities.core.Entity;
import io.durableentities.core.EntityContext;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.FailureDetails;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.core.StartOrchestrationOptions;
import io.durableentities.core.TaskEntity;
import io.durableentities.core.TickingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EntityBatchExecutorTest {

  static final EntityInstanceId AUDIT = EntityInstanceId.of("audit", "main");
  static final EntityInstanceId LEDGER = EntityInstanceId.of("ledger", "l1");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static final class Opaque {
    private final Object self = this;

    @Override
    public String toString() {
      return "opaque " + self.hashCode();
    }
  }

  /** Appends items; items starting with "bad" are rejected after the list was changed. */
  static final class LedgerEntity extends TaskEntity<List<String>> {

    public void append(String item) {
      state.add(item);
      context().signal(AUDIT, "appended", item);
      if (item.startsWith("bad")) {
        throw new IllegalArgumentException("rejected " + item);
      }
    }

    public int size() {
      return state.size();
    }

    public String start(String orchestration) {
      return context().startOrchestration(orchestration, state.size());
    }

    public void remind(Instant at, EntityContext context) {
      context.signal(AUDIT, "remind", "soon", at);
      context.startOrchestration("reminder", null, "r-1", at);
    }

    public void crash() {
      throw new AssertionError("invariant broken");
    }

    public Opaque opaque(String item) {
      state.add(item);
      return new Opaque();
    }
  }

  private final AtomicInteger created = new AtomicInteger();
  private final List<Entity> instances = new ArrayList<>();
  private final Supplier<Entity> ledgerFactory =
      () -> {
        created.incrementAndGet();
        LedgerEntity entity = new LedgerEntity();
        instances.add(entity);
        return entity;
      };
  private final EntityBatchExecutor executor =
      new EntityBatchExecutor(
          EntityRegistry.of(Map.of("ledger", ledgerFactory)),
          JacksonDataConverter.defaultInstance(),
          new TickingClock(T0, Duration.ofMillis(1)));

  private static OperationRequest op(String name, String input) {
    return OperationRequest.of(name, input);
  }

  private EntityBatchResult run(String state, OperationRequest... operations) {
    return executor.execute(new EntityBatchRequest(LEDGER, state, List.of(operations)));
  }

  private static EntityBatchExecutor lowLevel(Entity entity) {
    return new EntityBatchExecutor(
        name -> name.equals("raw") ? () -> entity : null,
        JacksonDataConverter.defaultInstance(),
        new TickingClock(T0, Duration.ofMillis(1)));
  }

  private static EntityBatchRequest rawRequest(String state, OperationRequest... operations) {
    return new EntityBatchRequest(EntityInstanceId.of("raw", "r1"), state, List.of(operations));
  }

  @Test
  void execute_allOperationsSucceed_commitsStateAndSerializesResults() {
    EntityBatchResult result =
        run(null, op("append", "\"a\""), op("append", "\"b\""), op("size", null));

    assertThat(result.results()).allMatch(r -> r instanceof OperationResult.Success);
    assertThat(((OperationResult.Success) result.results().get(2)).resultJson()).isEqualTo("2");
    assertThat(((OperationResult.Success) result.results().get(0)).resultJson()).isNull();
    assertThat(result.state()).isEqualTo("[\"a\",\"b\"]");
    assertThat(result.batchFailure()).isNull();
  }

  @Test
  void execute_failingOperation_rollsBackItsStateAndBatchContinues() {
    EntityBatchResult result =
        run(null, op("append", "\"a\""), op("append", "\"bad1\""), op("append", "\"c\""));

    assertThat(result.results())
        .map(r -> r.getClass().getSimpleName())
        .containsExactly("Success", "Failure", "Success");
    assertThat(result.state()).isEqualTo("[\"a\",\"c\"]");
  }

  @Test
  void execute_failingOperation_dropsOnlyItsOwnActions() {
    EntityBatchResult result =
        run(null, op("append", "\"a\""), op("append", "\"bad1\""), op("append", "\"c\""));

    assertThat(result.actions())
        .containsExactly(
            new EntityAction.SendSignal(0, AUDIT, "appended", "\"a\"", null),
            new EntityAction.SendSignal(1, AUDIT, "appended", "\"c\"", null));
  }

  @Test
  void execute_failingOperation_recordsTypeMessageAndStackTrace() {
    EntityBatchResult result = run(null, op("append", "\"bad1\""));

    FailureDetails details = ((OperationResult.Failure) result.results().get(0)).details();
    assertThat(details.errorType()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(details.errorMessage()).isEqualTo("rejected bad1");
    assertThat(details.stackTrace()).contains("LedgerEntity.append");
    assertThat(details.nonRetriable()).isFalse();
  }

  @Test
  void execute_eachBatch_callsFactoryOnceForNewObject() {
    run(null, op("append", "\"a\""), op("size", null));
    run(null, op("size", null));

    assertThat(created).hasValue(2);
    assertThat(instances.get(0)).isNotSameAs(instances.get(1));
  }

  @Test
  void execute_operationThrowsError_errorPropagates() {
    assertThatThrownBy(() -> run(null, op("append", "\"a\""), op("crash", null)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("invariant broken");
  }

  @Test
  void execute_outOfMemoryError_propagates() {
    EntityBatchExecutor raw =
        lowLevel(
            operation -> {
              throw new OutOfMemoryError("simulated");
            });

    assertThatThrownBy(() -> raw.execute(rawRequest(null, op("any", null))))
        .isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void execute_undeserializableState_failsOperationAndKeepsStoredState() {
    EntityBatchResult result = run("{not a list", op("append", "\"a\""));

    FailureDetails details = ((OperationResult.Failure) result.results().get(0)).details();
    assertThat(details.errorType()).isEqualTo(DataConverterException.class.getName());
    assertThat(details.errorMessage()).contains("java.util.List<java.lang.String>");
    assertThat(result.state()).isEqualTo("{not a list");
    assertThat(result.actions()).isEmpty();
  }

  @Test
  void execute_undeserializableInput_failsOnlyThatOperation() {
    EntityBatchResult result = run(null, op("append", "{oops"), op("append", "\"a\""));

    assertThat(result.results().get(0)).isInstanceOf(OperationResult.Failure.class);
    assertThat(result.results().get(1)).isInstanceOf(OperationResult.Success.class);
    assertThat(result.state()).isEqualTo("[\"a\"]");
  }

  @Test
  void execute_unregisteredName_failsEachOperationNonRetriableAndKeepsState() {
    EntityBatchRequest request =
        new EntityBatchRequest(
            EntityInstanceId.of("missing", "m1"), "42", List.of(op("add", "1"), op("get", null)));

    EntityBatchResult result = executor.execute(request);

    assertThat(result.results()).hasSize(2).allMatch(r -> r instanceof OperationResult.Failure);
    FailureDetails details = ((OperationResult.Failure) result.results().get(1)).details();
    assertThat(details.errorType()).isEqualTo("EntityTaskNotFound");
    assertThat(details.nonRetriable()).isTrue();
    assertThat(details.errorMessage())
        .contains("'missing'")
        .contains("@missing@m1")
        .contains("[ledger]");
    assertThat(result.state()).isEqualTo("42");
    assertThat(result.actions()).isEmpty();
    assertThat(result.batchFailure()).isNull();
    assertThat(created).hasValue(0);
  }

  @Test
  void execute_nameRegisteredInOtherCase_isFoundCaseInsensitively() {
    EntityBatchExecutor mixedCase =
        new EntityBatchExecutor(
            EntityRegistry.of(Map.of("Ledger", ledgerFactory)),
            JacksonDataConverter.defaultInstance(),
            new TickingClock(T0, Duration.ofMillis(1)));

    EntityBatchResult result =
        mixedCase.execute(new EntityBatchRequest(LEDGER, null, List.of(op("size", null))));

    assertThat(result.results().get(0)).isInstanceOf(OperationResult.Success.class);
  }

  @Test
  void execute_actionIds_areSequentialAcrossBatchAfterRollback() {
    EntityBatchResult result =
        run(
            null,
            op("append", "\"a\""),
            op("append", "\"bad\""),
            op("start", "\"report\""),
            op("append", "\"c\""));

    assertThat(result.actions()).map(EntityAction::id).containsExactly(0, 1, 2);
    assertThat(result.actions().get(1)).isInstanceOf(EntityAction.StartOrchestration.class);
  }

  @Test
  void execute_scheduledSignalAndStart_keepScheduledTimes() {
    Instant at = Instant.parse("2026-06-01T12:00:00Z");

    EntityBatchResult result = run(null, op("remind", "\"" + at + "\""));

    assertThat(result.actions())
        .containsExactly(
            new EntityAction.SendSignal(0, AUDIT, "remind", "\"soon\"", at),
            new EntityAction.StartOrchestration(1, "r-1", "reminder", null, at, null));
  }

  @Test
  void execute_startWithoutInstanceId_returnsRandomUuidWithoutDashes() {
    EntityBatchResult result = run("[\"x\"]", op("start", "\"report\""));

    String returned = ((OperationResult.Success) result.results().get(0)).resultJson();
    EntityAction.StartOrchestration start =
        (EntityAction.StartOrchestration) result.actions().get(0);
    assertThat(start.instanceId()).matches("[0-9a-f]{32}");
    assertThat(returned).isEqualTo("\"" + start.instanceId() + "\"");
    assertThat(start.input()).isEqualTo("1");
    assertThat(start.scheduledTime()).isNull();
  }

  @Test
  void execute_timestamps_comeFromClock() {
    EntityBatchResult result = run(null, op("size", null), op("append", "\"bad\""));

    assertThat(result.results().get(0).start()).isEqualTo(T0);
    assertThat(result.results().get(0).end()).isEqualTo(T0.plusMillis(1));
    assertThat(result.results().get(1).start()).isEqualTo(T0.plusMillis(2));
    assertThat(result.results().get(1).end()).isEqualTo(T0.plusMillis(3));
  }

  @Test
  void execute_factoryThrows_batchFailureWithoutResults() {
    EntityBatchExecutor broken =
        new EntityBatchExecutor(
            EntityRegistry.of(
                Map.of(
                    "ledger",
                    () -> {
                      throw new IllegalStateException("no database");
                    })),
            JacksonDataConverter.defaultInstance(),
            new TickingClock(T0, Duration.ofMillis(1)));

    EntityBatchResult result =
        broken.execute(new EntityBatchRequest(LEDGER, "[]", List.of(op("size", null))));

    assertThat(result.results()).isEmpty();
    assertThat(result.batchFailure().errorMessage()).isEqualTo("no database");
    assertThat(result.state()).isEqualTo("[]");
  }

  @Test
  void execute_implicitDelete_leavesNoState() {
    EntityBatchResult result = run("[\"a\"]", op("append", "\"b\""), op("delete", null));

    assertThat(result.state()).isNull();
  }

  @Test
  void execute_resultNotSerializable_failsOperationAndRollsBackState() {
    EntityBatchResult result = run("[\"a\"]", op("opaque", "\"b\""), op("size", null));

    FailureDetails details = ((OperationResult.Failure) result.results().get(0)).details();
    assertThat(details.errorType()).isEqualTo(DataConverterException.class.getName());
    assertThat(((OperationResult.Success) result.results().get(1)).resultJson()).isEqualTo("1");
    assertThat(result.state()).isEqualTo("[\"a\"]");
  }

  @Test
  void execute_stateNotSerializable_failsOperationAndKeepsState() {
    EntityBatchExecutor raw =
        lowLevel(
            operation -> {
              operation.state().set(new Opaque());
              return null;
            });

    EntityBatchResult result = raw.execute(rawRequest("7", op("replace", null)));

    assertThat(result.results().get(0)).isInstanceOf(OperationResult.Failure.class);
    assertThat(result.state()).isEqualTo("7");
  }

  @Test
  void execute_lowLevelStateChangedInPlaceWithoutSet_isNotKept() {
    EntityBatchExecutor raw =
        lowLevel(
            operation -> {
              @SuppressWarnings("unchecked")
              List<String> list = (List<String>) operation.state().get(ArrayList.class);
              list.add("sneaky");
              return list.size();
            });

    EntityBatchResult result =
        raw.execute(rawRequest("[\"a\"]", op("peek", null), op("peek", null)));

    assertThat(((OperationResult.Success) result.results().get(1)).resultJson()).isEqualTo("2");
    assertThat(result.state()).isEqualTo("[\"a\"]");
  }

  @Test
  void execute_lowLevelSetAndDelete_areTransactional() {
    EntityBatchExecutor raw =
        lowLevel(
            operation -> {
              switch (operation.name()) {
                case "set" -> operation.state().set(operation.input(Long.class));
                case "deleteThenFail" -> {
                  operation.state().delete();
                  throw new IllegalStateException("after delete");
                }
                default -> {
                  return operation.state().exists() ? operation.state().get(Long.class) : -1L;
                }
              }
              return null;
            });

    EntityBatchResult result =
        raw.execute(rawRequest(null, op("set", "5"), op("deleteThenFail", null), op("get", null)));

    assertThat(((OperationResult.Success) result.results().get(2)).resultJson()).isEqualTo("5");
    assertThat(result.state()).isEqualTo("5");
  }

  @Test
  void execute_contextUsedAfterItsOperationEnded_failsTheLaterOperation() {
    List<EntityContext> captured = new ArrayList<>();
    EntityBatchExecutor raw =
        lowLevel(
            operation -> {
              if (captured.isEmpty()) {
                captured.add(operation.context());
              } else {
                captured.get(0).signal(AUDIT, "late", null);
              }
              return null;
            });

    EntityBatchResult result = raw.execute(rawRequest(null, op("first", null), op("second", null)));

    FailureDetails details = ((OperationResult.Failure) result.results().get(1)).details();
    assertThat(details.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(details.errorMessage()).contains("after operation 'first'").contains("@raw@r1");
    assertThat(result.actions()).isEmpty();
  }

  @Test
  void execute_signalWithBlankOperation_failsOperation() {
    EntityBatchExecutor raw =
        lowLevel(
            operation -> {
              operation.context().signal(AUDIT, " ", null);
              return null;
            });

    EntityBatchResult result = raw.execute(rawRequest(null, op("go", null)));

    FailureDetails details = ((OperationResult.Failure) result.results().get(0)).details();
    assertThat(details.errorMessage()).contains("blank operation name").contains("@audit@main");
  }

  @Test
  void execute_startWithOptions_keepsIdTimeAndVersion() {
    Instant at = Instant.parse("2026-06-01T12:00:00Z");
    EntityBatchExecutor raw =
        lowLevel(
            operation ->
                operation
                    .context()
                    .startOrchestration(
                        "flow",
                        "in",
                        StartOrchestrationOptions.newBuilder()
                            .instanceId("f-1")
                            .startAt(at)
                            .version("2.0")
                            .build()));

    EntityBatchResult result = raw.execute(rawRequest(null, op("go", null)));

    assertThat(result.actions())
        .containsExactly(
            new EntityAction.StartOrchestration(0, "f-1", "flow", "\"in\"", at, "2.0"));
  }

  @Test
  void execute_startWithDefaultOptions_leavesTheVersionToTheWorker() {
    EntityBatchExecutor raw =
        lowLevel(
            operation ->
                operation
                    .context()
                    .startOrchestration("flow", null, StartOrchestrationOptions.defaults()));

    EntityBatchResult result = raw.execute(rawRequest(null, op("go", null)));

    EntityAction.StartOrchestration start =
        (EntityAction.StartOrchestration) result.actions().get(0);
    assertThat(start.instanceId()).matches("[0-9a-f]{32}");
    assertThat(start.version()).isNull();
    assertThat(start.scheduledTime()).isNull();
  }

  @Test
  void execute_startWithReservedInstanceId_failsOperation() {
    EntityBatchExecutor raw =
        lowLevel(operation -> operation.context().startOrchestration("flow", null, "@counter@c1"));

    EntityBatchResult result = raw.execute(rawRequest(null, op("go", null)));

    FailureDetails details = ((OperationResult.Failure) result.results().get(0)).details();
    assertThat(details.errorMessage())
        .contains("\"@counter@c1\"")
        .contains("reserved for entity ids");
  }

  @Test
  void failAll_givenDetails_oneFailurePerOperationWithStateUnchanged() {
    FailureDetails details = new FailureDetails("WorkerShuttingDown", "stopping", null, true);
    EntityBatchRequest request =
        new EntityBatchRequest(LEDGER, "[\"a\"]", List.of(op("size", null), op("size", null)));

    EntityBatchResult result = executor.failAll(request, details);

    assertThat(result.results())
        .containsExactly(
            new OperationResult.Failure(details, T0, T0),
            new OperationResult.Failure(details, T0, T0));
    assertThat(result.state()).isEqualTo("[\"a\"]");
    assertThat(result.actions()).isEmpty();
  }

  @Test
  void registry_namesDifferingOnlyInCase_throw() {
    Supplier<Entity> factory = () -> operation -> null;

    assertThatThrownBy(() -> EntityRegistry.of(Map.of("ledger", factory, "LEDGER", factory)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered twice");
  }
}
