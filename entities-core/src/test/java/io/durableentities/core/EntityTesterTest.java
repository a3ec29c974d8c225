package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityTesterTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  record Transfer(String to, long amount) {}

  interface Account {
    void deposit(long cents);

    void withdraw(long cents);

    long balance();

    default void depositTwice(long cents) {
      deposit(cents);
      deposit(cents);
    }
  }

  interface Unrelated {
    void ping();
  }

  static final class InsufficientFundsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InsufficientFundsException(String message) {
      super(message);
    }
  }

  static final class AccountEntity extends TaskEntity<Long> implements Account {

    @Override
    public void deposit(long cents) {
      state += cents;
    }

    @Override
    public void withdraw(long cents) {
      if (state < cents) {
        throw new InsufficientFundsException("balance " + state + " < " + cents);
      }
      state -= cents;
    }

    @Override
    public long balance() {
      return state;
    }

    public void transfer(Transfer transfer) {
      withdraw(transfer.amount());
      context().signal(EntityInstanceId.of("account", transfer.to()), "deposit", transfer.amount());
    }

    public void scheduleStatement(Instant at) {
      context().signal(context().id(), "statement", null, at);
      context().startOrchestration("statement", context().id().key(), "stmt-1", at);
    }

    public void startVersionedAudit() {
      context()
          .startOrchestration(
              "audit",
              null,
              StartOrchestrationOptions.newBuilder().instanceId("audit-1").version("2.0").build());
    }

    public void payOutTyped(String to) {
      context().signalProxy(Account.class, EntityInstanceId.of("account", to)).deposit(1);
    }
  }

  private final EntityTester<Long> tester = EntityTester.of(AccountEntity::new, "a1");

  @Test
  void of_taskEntity_derivesIdFromEntityClass() {
    assertThat(tester.id()).isEqualTo(EntityInstanceId.of("account", "a1"));
    assertThat(tester.exists()).isFalse();
    assertThat(tester.state()).isNull();
  }

  @Test
  void of_factoryReturningNull_throws() {
    assertThatThrownBy(() -> EntityTester.<Long, AccountEntity>of(() -> null, "a1"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("factory returned null");
  }

  @Test
  void call_updatesStateThroughBatchExecutor() {
    tester.call("deposit", 500);

    assertThat(tester.state()).isEqualTo(500L);
    assertThat(tester.stateJson()).isEqualTo("500");
    assertThat(tester.exists()).isTrue();
  }

  @Test
  void call_returnsResultAsDeclaredType() {
    tester.call("deposit", 500);

    Object balance = tester.call("balance");

    assertThat(balance).isEqualTo(500L);
  }

  @Test
  void call_withResultClass_deserializesToThatClass() {
    tester.call("deposit", 7);

    String balance = tester.call("balance", null, String.class);

    assertThat(balance).isEqualTo("7");
  }

  @Test
  void call_failingOperation_throwsWithDetailsAndKeepsState() {
    tester.call("deposit", 500);

    assertThatThrownBy(() -> tester.call("withdraw", 1000))
        .isInstanceOfSatisfying(
            EntityOperationFailedException.class,
            e -> {
              assertThat(e.entityId()).isEqualTo(tester.id());
              assertThat(e.operationName()).isEqualTo("withdraw");
              assertThat(e.failureDetails().isCausedBy(InsufficientFundsException.class)).isTrue();
            })
        .hasMessage(
            "Operation 'withdraw' on entity @account@a1 failed: InsufficientFundsException:"
                + " balance 500 < 1000");
    assertThat(tester.state()).isEqualTo(500L);
    assertThat(tester.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.errorMessage()).isEqualTo("balance 500 < 1000"));
  }

  @Test
  void signal_runsOperationWithoutResult() {
    tester.signal("deposit", 3);

    assertThat(tester.state()).isEqualTo(3L);
  }

  @Test
  void signal_failingOperation_isOneWay_recordedNotThrown() {
    tester.withState(1L);

    tester.signal("withdraw", 3);

    assertThat(tester.state()).isEqualTo(1L);
    assertThat(tester.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.errorMessage()).isEqualTo("balance 1 < 3"));
  }

  @Test
  void withState_setsStoredStateBeforeFirstOperation() {
    tester.withState(40L);

    tester.call("deposit", 2);

    assertThat(tester.state()).isEqualTo(42L);
  }

  @Test
  void signals_ofSuccessfulOperations_accumulateInOrder() {
    tester.withState(100L);

    tester.call("transfer", new Transfer("b2", 30));
    tester.call("transfer", new Transfer("c3", 20));

    assertThat(tester.signals())
        .containsExactly(
            new SentSignal(EntityInstanceId.of("account", "b2"), "deposit", "30", null),
            new SentSignal(EntityInstanceId.of("account", "c3"), "deposit", "20", null));
    assertThat(tester.state()).isEqualTo(50L);
  }

  @Test
  void signals_ofFailedOperation_areNotRecorded() {
    assertThatThrownBy(() -> tester.call("transfer", new Transfer("b2", 30)))
        .isInstanceOf(EntityOperationFailedException.class);

    assertThat(tester.signals()).isEmpty();
  }

  @Test
  void scheduledSignalAndOrchestrationStart_keepScheduledTimes() {
    Instant at = Instant.parse("2026-02-01T09:00:00Z");

    tester.call("scheduleStatement", at);

    assertThat(tester.signals())
        .containsExactly(new SentSignal(tester.id(), "statement", null, at));
    assertThat(tester.orchestrationStarts())
        .containsExactly(new StartedOrchestration("stmt-1", "statement", "\"a1\"", at));
  }

  @Test
  void orchestrationStart_withAVersion_recordsIt() {
    tester.call("startVersionedAudit");

    assertThat(tester.orchestrationStarts())
        .containsExactly(new StartedOrchestration("audit-1", "audit", null, null, "2.0"));
  }

  @Test
  void clearActions_forgetsSignalsAndOrchestrationStarts() {
    tester.call("scheduleStatement", T0);

    tester.clearActions();

    assertThat(tester.signals()).isEmpty();
    assertThat(tester.orchestrationStarts()).isEmpty();
  }

  @Test
  void runBatch_failedOperation_rolledBackAloneWithinBatch() {
    EntityBatchOutcome outcome =
        tester
            .withState(100L)
            .runBatch(
                List.of(
                    TestOperation.of("transfer", new Transfer("b2", 60)),
                    TestOperation.of("transfer", new Transfer("c3", 60)),
                    TestOperation.of("deposit", 5),
                    TestOperation.of("balance")));

    assertThat(outcome.results())
        .map(OperationOutcome::isSuccess)
        .containsExactly(true, false, true, true);
    assertThat(outcome.results().get(3).result(Long.class)).isEqualTo(45L);
    assertThat(outcome.signals())
        .containsExactly(
            new SentSignal(EntityInstanceId.of("account", "b2"), "deposit", "60", null));
    assertThat(outcome.stateJson()).isEqualTo("45");
    assertThat(tester.state()).isEqualTo(45L);
    assertThat(tester.failures()).hasSize(1);
  }

  @Test
  void runBatch_resultOfFailedOperation_throws() {
    EntityBatchOutcome outcome = tester.runBatch(List.of(TestOperation.of("withdraw", 1)));

    OperationOutcome failed = outcome.results().get(0);

    assertThat(failed.failure().errorMessage()).isEqualTo("balance 0 < 1");
    assertThatThrownBy(() -> failed.result(Long.class))
        .isInstanceOf(EntityOperationFailedException.class);
  }

  @Test
  void withClock_operationTimestampsAreDeterministic() {
    tester.withClock(new TickingClock(T0, Duration.ofSeconds(1)));

    EntityBatchOutcome outcome =
        tester.runBatch(List.of(TestOperation.of("deposit", 1), TestOperation.of("withdraw", 5)));

    assertThat(outcome.results().get(0).startTime()).isEqualTo(T0);
    assertThat(outcome.results().get(0).endTime()).isEqualTo(T0.plusSeconds(1));
    assertThat(outcome.results().get(1).startTime()).isEqualTo(T0.plusSeconds(2));
    assertThat(outcome.results().get(1).endTime()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void withConverter_usesConverterForInputsAndState() {
    List<String> serialized = new java.util.ArrayList<>();
    DataConverter recording =
        new DataConverter() {
          @Override
          public String serialize(Object value) {
            String json = JacksonDataConverter.defaultInstance().serialize(value);
            serialized.add(json);
            return json;
          }

          @Override
          public Object deserialize(String json, java.lang.reflect.Type type) {
            return JacksonDataConverter.defaultInstance().deserialize(json, type);
          }
        };

    tester.withConverter(recording).call("deposit", 9);

    assertThat(serialized).contains("9");
    assertThat(tester.state()).isEqualTo(9L);
  }

  @Test
  void delete_implicitOperation_leavesNoState() {
    tester.call("deposit", 9);

    tester.call("delete");

    assertThat(tester.exists()).isFalse();
    assertThat(tester.stateJson()).isNull();
    assertThat(tester.state()).isNull();
  }

  @Test
  void proxy_withoutProxyModule_throwsNamingTheMissingDependency() {
    assertThatThrownBy(() -> tester.proxy(Account.class))
        .isInstanceOf(EntityException.class)
        .hasMessage(
            "No EntityProxyFactory on the classpath: add the dependency"
                + " io.durableentities:entities-proxy to use typed proxies for Account");
  }

  @Test
  void proxy_interfaceNotImplementedByEntity_throws() {
    assertThatThrownBy(() -> tester.proxy(Unrelated.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AccountEntity does not implement")
        .hasMessageContaining("Unrelated");
  }

  @Test
  void invoker_behindAProxy_runsOneBatchPerCallWithTypedResults() {
    Account account = JdkTestProxies.create(Account.class, tester.invoker());

    account.deposit(500);
    account.depositTwice(10);
    long balance = account.balance();

    assertThat(balance).isEqualTo(520L);
    assertThat(tester.state()).isEqualTo(520L);
  }

  @Test
  void invoker_behindAProxy_failedCallThrowsEntityOperationFailed() {
    Account account = JdkTestProxies.create(Account.class, tester.invoker());

    assertThatThrownBy(() -> account.withdraw(1))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("balance 0 < 1");
  }

  @Test
  void signalProxy_withoutProxyModule_failsOperationWithModuleError() {
    assertThatThrownBy(() -> tester.call("payOutTyped", "b2"))
        .isInstanceOf(EntityOperationFailedException.class);

    assertThat(tester.failures().get(0).errorMessage())
        .contains("add the dependency io.durableentities:entities-proxy")
        .contains("typed proxies for Account");
  }

  @Test
  void lowLevelEntity_runsThroughTesterWithGivenId() {
    Entity counter =
        operation -> {
          long value = operation.state().exists() ? operation.state().get(Long.class) : 0L;
          if (operation.name().equals("add")) {
            operation.state().set(value + operation.input(Long.class));
            return null;
          }
          return value;
        };
    EntityTester<Long> low =
        EntityTester.of(() -> counter, EntityInstanceId.of("counter", "c1"), Long.class);

    low.call("add", 4);
    low.call("add", 5);

    assertThat(low.state()).isEqualTo(9L);
    assertThat(low.call("get", null, Long.class)).isEqualTo(9L);
    assertThat(low.id()).hasToString("@counter@c1");
  }
}
