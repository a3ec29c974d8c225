package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.EntityReplayTest.uuid;
import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.Operation;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed proxies and method-reference handles from orchestrations. */
class TypedEntityAccessTest {

  /** The entity contract of these tests. */
  public interface Account {
    void deposit(long cents);

    long balance();

    @Operation("close-account")
    void close();
  }

  private static final EntityInstanceId A1 = EntityInstanceId.of("account", "a1");
  private static final EntityInstanceId A2 = EntityInstanceId.of("account", "a2");
  private static final Instant T1 = T0.plusSeconds(10);

  @Test
  void proxy_resultMethod_isABlockingCall() {
    Orchestration orchestration = ctx -> ctx.entities().proxy(Account.class, A1).balance();
    History done =
        History.started("Orch", null)
            .entityCalled(0, "@account@a1", "balance")
            .newEvents(T1)
            .entityCompleted(uuid(T0, 0), "500");

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CallEntity @account@a1 balance");
    assertThat(Replay.actions(orchestration, done))
        .containsExactly("#1 Complete COMPLETED result=500");
  }

  @Test
  void proxy_voidMethod_isACallThatWaitsAndSurfacesFailures() {
    Orchestration orchestration =
        ctx -> {
          try {
            ctx.entities().proxy(Account.class, A1).deposit(5);
            return "deposited";
          } catch (EntityOperationFailedException e) {
            return "failed: " + e.operationName();
          }
        };
    History failed =
        History.started("Orch", null)
            .entityCalled(0, "@account@a1", "deposit")
            .newEvents(T1)
            .entityFailed(uuid(T0, 0), "java.lang.IllegalStateException", "frozen");

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CallEntity @account@a1 deposit input=5");
    assertThat(Replay.actions(orchestration, failed))
        .containsExactly("#1 Complete COMPLETED result=\"failed: deposit\"");
  }

  @Test
  void proxy_usesOperationRename() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().proxy(Account.class, A1).close();
          return null;
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CallEntity @account@a1 close-account");
  }

  @Test
  void signalProxy_voidMethod_sendsSignal() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().signalProxy(Account.class, A1).deposit(7);
          return null;
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 SignalEntity @account@a1 deposit input=7", "#1 Complete COMPLETED");
  }

  @Test
  void signalProxy_resultMethod_isRejected() {
    List<String> errors = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          try {
            ctx.entities().signalProxy(Account.class, A1).balance();
          } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
          }
          return null;
        };

    Replay.run(orchestration, History.starting("Orch", null));

    assertThat(errors).singleElement().asString().contains("'balance'", "returns a result");
  }

  @Test
  void handle_callAsyncWithMethodReference_fansOutOverEntities() {
    Orchestration orchestration =
        ctx -> {
          List<Task<Long>> balances = new ArrayList<>();
          for (EntityInstanceId id : List.of(A1, A2)) {
            balances.add(ctx.entities().handle(Account.class, id).callAsync(Account::balance));
          }
          return ctx.allOf(balances).await().stream().mapToLong(Long::longValue).sum();
        };
    History done =
        History.started("Orch", null)
            .entityCalled(0, "@account@a1", "balance")
            .entityCalled(1, "@account@a2", "balance")
            .newEvents(T1)
            .entityCompleted(uuid(T0, 1), "20")
            .entityCompleted(uuid(T0, 0), "10");

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CallEntity @account@a1 balance", "#1 CallEntity @account@a2 balance");
    assertThat(Replay.actions(orchestration, done))
        .containsExactly("#2 Complete COMPLETED result=30");
  }

  @Test
  void handle_runAsyncAndSignal_sendVoidCallAndSignal() {
    Orchestration orchestration =
        ctx -> {
          var account = ctx.entities().handle(Account.class, A1);
          account.signal(a -> a.deposit(1));
          account.signal(a -> a.deposit(2), T0.plusSeconds(60));
          return account.runAsync(a -> a.deposit(3)).await();
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly(
            "#0 SignalEntity @account@a1 deposit input=1",
            "#1 SignalEntity @account@a1 deposit input=2 at=" + T0.plusSeconds(60),
            "#2 CallEntity @account@a1 deposit input=3");
  }

  @Test
  void handle_insideCriticalSection_followsTheRules() {
    List<String> errors = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          try (CriticalSection lock = ctx.entities().lockEntities(A1)) {
            assertThat(lock.isOpen()).isTrue();
            try {
              ctx.entities().handle(Account.class, A1).signal(a -> a.deposit(1));
            } catch (RuntimeException e) {
              errors.add(e.getClass().getSimpleName());
            }
          }
          return null;
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a1")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    Replay.run(orchestration, history);

    assertThat(errors).containsExactly("CriticalSectionViolationException");
  }
}
