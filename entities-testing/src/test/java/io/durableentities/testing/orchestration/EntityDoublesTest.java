package io.durableentities.testing.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.testing.Account;
import io.durableentities.testing.AccountEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityDoublesTest {

  private static final Instant T0 = OrchestrationTester.DEFAULT_START_TIME;
  private static final EntityInstanceId ALICE = EntityInstanceId.of(Account.class, "alice");
  private static final EntityInstanceId BOB = EntityInstanceId.of(Account.class, "bob");

  /** Moves 500 cents from alice to bob under both locks; "rejected" if alice has too little. */
  static String move(OrchestrationContext ctx) {
    try (CriticalSection section = ctx.entities().lockEntities(BOB, ALICE)) {
      Account from = ctx.entities().proxy(Account.class, ALICE);
      if (from.balance() < 500) {
        return "rejected";
      }
      from.withdraw(500);
      ctx.entities().proxy(Account.class, BOB).deposit(500);
    }
    ctx.entities().signal(BOB, "deposit", 1, ctx.currentUtcDateTime().plus(Duration.ofDays(1)));
    return "moved";
  }

  /** A hand-written double: a balance and a log of what was asked. */
  static final class FakeAccount implements Account {
    long balance;
    final List<String> log = new ArrayList<>();

    FakeAccount(long balance) {
      this.balance = balance;
    }

    @Override
    public void deposit(long cents) {
      log.add("deposit " + cents);
      balance += cents;
    }

    @Override
    public void withdraw(long cents) {
      log.add("withdraw " + cents);
      balance -= cents;
    }

    @Override
    public long balance() {
      return balance;
    }
  }

  @Test
  void typedDoubles_answerCalls_andTheRunRecordsCallsLocksAndSignals() {
    FakeAccount alice = new FakeAccount(800);
    FakeAccount bob = new FakeAccount(0);

    OrchestrationRun run =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(Account.class, "alice", alice)
            .entity(Account.class, "bob", bob)
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("moved");
    assertThat(run.entityCalls())
        .extracting(EntityCall::toString)
        .containsExactly(
            "@account@alice.balance()",
            "@account@alice.withdraw(500)",
            "@account@bob.deposit(500)");
    assertThat(run.entityCalls().get(1).input(Long.class)).isEqualTo(500L);
    assertThat(run.locks())
        .singleElement()
        .satisfies(
            lock -> {
              assertThat(lock.entities()).containsExactly(ALICE, BOB); // sorted
              assertThat(lock.requestedAt()).isEqualTo(T0);
              assertThat(lock.isReleased()).isTrue();
            });
    assertThat(run.signals())
        .singleElement()
        .satisfies(
            signal -> {
              assertThat(signal.id()).isEqualTo(BOB);
              assertThat(signal.operation()).isEqualTo("deposit");
              assertThat(signal.scheduledTime()).isEqualTo(T0.plus(Duration.ofDays(1)));
            });
    assertThat(alice.balance).isEqualTo(300);
    assertThat(bob.log).containsExactly("deposit 500"); // the signal is due after the run ended
  }

  @Test
  void realEntityInMemory_runsThroughTheBatchExecutor_andItsStateIsReadable() {
    OrchestrationRun run =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(AccountEntity::new, "alice", 800L)
            .entity(AccountEntity::new, "bob")
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("moved");
    assertThat(run.entityState(ALICE, Long.class)).isEqualTo(300L);
    assertThat(run.entityState(BOB, Long.class)).isEqualTo(500L);
  }

  @Test
  void realEntity_startsFromItsInitialStateInEachRun() {
    OrchestrationTester tester =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(AccountEntity::new, "alice", 800L)
            .entity(AccountEntity::new, "bob");

    tester.run(null);
    OrchestrationRun second = tester.run(null);

    assertThat(second.output(String.class)).isEqualTo("moved");
    assertThat(second.entityState(ALICE, Long.class)).isEqualTo(300L);
  }

  @Test
  void failingOperation_reachesTheOrchestrationAsEntityOperationFailedException() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Overdraw",
                ctx -> {
                  try {
                    ctx.entities().proxy(Account.class, ALICE).withdraw(1_000);
                    return "withdrawn";
                  } catch (EntityOperationFailedException e) {
                    return e.failureDetails().errorMessage();
                  }
                })
            .entity(AccountEntity::new, "alice", 10L)
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("insufficient funds: 10 < 1000");
    assertThat(run.entityState(ALICE, Long.class)).isEqualTo(10L);
  }

  @Test
  void entityLatency_delaysTheAnswerInVirtualTime() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Slow",
                ctx -> {
                  ctx.entities().proxy(Account.class, ALICE).balance();
                  return ctx.currentUtcDateTime();
                })
            .entity(Account.class, "alice", new FakeAccount(1), Duration.ofMinutes(3))
            .run(null);

    assertThat(run.output(Instant.class)).isEqualTo(T0.plus(Duration.ofMinutes(3)));
  }

  @Test
  void signalToAnEntityWithADouble_isApplied_andOneWithoutIsOnlyRecorded() {
    FakeAccount alice = new FakeAccount(0);

    OrchestrationRun run =
        OrchestrationTester.of(
                "Pay",
                ctx -> {
                  ctx.entities().signalProxy(Account.class, ALICE).deposit(7);
                  ctx.entities().signal(BOB, "deposit", 8);
                  return null;
                })
            .entity(Account.class, "alice", alice)
            .run(null);

    assertThat(alice.log).containsExactly("deposit 7");
    assertThat(run.signals())
        .extracting(EntitySignal::toString)
        .containsExactly("@account@alice.deposit(7)", "@account@bob.deposit(8)");
  }

  @Test
  void missingEntityDouble_failsTheRun_namingTheEntityOperationAndFix() {
    OrchestrationTester tester =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(Account.class, "alice", new FakeAccount(800));

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("called 'deposit' on @account@bob")
        .hasMessageContaining("add .entity(Account.class, \"bob\", ...)");
  }

  @Test
  void entityStateOfATypedDouble_isRejected_withTheRealEntitiesListed() {
    OrchestrationRun run =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(Account.class, "alice", new FakeAccount(800))
            .entity(AccountEntity::new, "bob")
            .run(null);

    assertThatThrownBy(() -> run.entityState(ALICE, Long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no real entity @account@alice")
        .hasMessageContaining("[@account@bob]");
  }
}
