package io.durableentities.testing.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.testing.Account;
import io.durableentities.testing.AccountEntity;
import io.durableentities.testing.orchestration.EntityDoublesTest.FakeAccount;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Locks held by another orchestration ({@code lockedByAnother}) and the signals real entities send
 * while they run an operation ({@code entitySignals}).
 */
class LocksAndEntitySignalsTest {

  private static final Instant T0 = OrchestrationTester.DEFAULT_START_TIME;
  private static final EntityInstanceId ALICE = EntityInstanceId.of(Account.class, "alice");
  private static final EntityInstanceId BOB = EntityInstanceId.of(Account.class, "bob");
  private static final EntityInstanceId RELAY = EntityInstanceId.of(Relay.class, "r");

  /** Passes deposits on to bob: one now and, for a scheduled relay, one an hour later. */
  public interface Relay {
    void relay(long cents);

    void relayLater(long cents);

    void relayThenFail(long cents);

    void ping();
  }

  /** A real entity that signals bob (and, for ping, itself: a loop). */
  public static final class RelayEntity extends TaskEntity<Long> implements Relay {
    @Override
    protected Long initialState() {
      return 0L;
    }

    @Override
    public void relay(long cents) {
      state += cents;
      context().signal(BOB, "deposit", cents);
    }

    @Override
    public void relayLater(long cents) {
      context().signal(BOB, "deposit", cents, T0.plus(Duration.ofHours(1)));
    }

    @Override
    public void relayThenFail(long cents) {
      context().signal(BOB, "deposit", cents);
      throw new IllegalStateException("refused");
    }

    @Override
    public void ping() {
      context().signal(RELAY, "ping", null);
    }
  }

  @Test
  void lockedByAnother_grantsTheSectionWhenTheHoldEnds() {
    OrchestrationRun run =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(Account.class, "alice", new FakeAccount(800))
            .entity(Account.class, "bob", new FakeAccount(0))
            .lockedByAnother(BOB, Duration.ofDays(1))
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("moved");
    assertThat(run.locks())
        .singleElement()
        .satisfies(
            lock -> {
              assertThat(lock.requestedAt()).isEqualTo(T0);
              assertThat(lock.grantedAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
              assertThat(lock.releasedAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
            });
    assertThat(run.entityCalls()).allMatch(call -> call.toString().startsWith("@account@"));
  }

  @Test
  void withoutAHold_theLockIsGrantedWhenAsked() {
    OrchestrationRun run =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(Account.class, "alice", new FakeAccount(800))
            .entity(Account.class, "bob", new FakeAccount(0))
            .run(null);

    assertThat(run.locks()).singleElement().extracting(EntityLock::grantedAt).isEqualTo(T0);
  }

  @Test
  void lockedByAnother_waitingSection_isSeenAsWaiting_untilTheTimeLimit() {
    OrchestrationRun run =
        OrchestrationTester.of("Move", EntityDoublesTest::move)
            .entity(Account.class, "alice", new FakeAccount(800))
            .entity(Account.class, "bob", new FakeAccount(0))
            .lockedByAnother(ALICE, Duration.ofDays(3))
            .timeLimit(Duration.ofDays(2))
            .run(null);

    assertThat(run.isEnded()).isFalse();
    assertThat(run.locks())
        .singleElement()
        .satisfies(
            lock -> {
              assertThat(lock.grantedAt()).isNull();
              assertThat(lock).hasToString("lock [@account@alice, @account@bob] waiting");
            });
    assertThat(run.entityCalls()).isEmpty();
  }

  @Test
  void lockedByAnother_delaysACallOutsideASection_untilTheHoldEnds() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Peek",
                ctx -> {
                  ctx.entities().proxy(Account.class, ALICE).balance();
                  return ctx.currentUtcDateTime();
                })
            .entity(Account.class, "alice", new FakeAccount(1))
            .lockedByAnother(ALICE, Duration.ofHours(2))
            .run(null);

    assertThat(run.output(Instant.class)).isEqualTo(T0.plus(Duration.ofHours(2)));
  }

  @Test
  void lockedByAnother_delaysASignal_untilTheHoldEnds() {
    FakeAccount alice = new FakeAccount(0);
    OrchestrationTester tester =
        OrchestrationTester.of(
                "PayThenWait",
                ctx -> {
                  ctx.entities().signal(ALICE, "deposit", 7);
                  ctx.createTimer(ctx.input(Duration.class)).await();
                  return null;
                })
            .entity(Account.class, "alice", alice)
            .lockedByAnother(ALICE, Duration.ofHours(1));

    tester.run(Duration.ofMinutes(30)); // ends before the hold does
    assertThat(alice.log).as("not applied while another orchestration holds alice").isEmpty();

    tester.run(Duration.ofHours(2));
    assertThat(alice.log).containsExactly("deposit 7");
  }

  @Test
  void lockedByAnother_rejectsANegativeHold() {
    OrchestrationTester tester = OrchestrationTester.of("Move", EntityDoublesTest::move);

    assertThatThrownBy(() -> tester.lockedByAnother(ALICE, Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void signalsARealEntitySends_areRecordedWithTheSender_andAppliedToTheirTarget() {
    FakeAccount bob = new FakeAccount(0);

    OrchestrationRun run =
        OrchestrationTester.of(
                "Relay",
                ctx -> {
                  ctx.entities().proxy(Relay.class, RELAY).relay(5);
                  ctx.entities().signalProxy(Relay.class, RELAY).relay(6);
                  return null;
                })
            .entity(RelayEntity::new, "r")
            .entity(Account.class, "bob", bob)
            .run(null);

    assertThat(run.signals())
        .as("the orchestration's own")
        .extracting(EntitySignal::toString)
        .containsExactly("@relay@r.relay(6)");
    assertThat(run.entitySignals())
        .extracting(EntitySignal::toString)
        .containsExactly(
            "@account@bob.deposit(5) from @relay@r", "@account@bob.deposit(6) from @relay@r");
    assertThat(run.entitySignals().get(0).sender()).isEqualTo(RELAY);
    assertThat(run.entitySignals().get(0).sentAt()).isEqualTo(T0);
    assertThat(bob.log).containsExactly("deposit 5", "deposit 6");
    assertThat(run.entityState(RELAY, Long.class)).isEqualTo(11L);
  }

  @Test
  void scheduledSignalOfAnEntity_isAppliedWhenDue_andAFailedOperationSendsNone() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "RelayLater",
                ctx -> {
                  Relay relay = ctx.entities().proxy(Relay.class, RELAY);
                  relay.relayLater(9);
                  try {
                    relay.relayThenFail(4);
                  } catch (RuntimeException expected) {
                    // rolled back, with its signal
                  }
                  ctx.createTimer(Duration.ofHours(2)).await();
                  return null;
                })
            .entity(RelayEntity::new, "r")
            .entity(AccountEntity::new, "bob")
            .run(null);

    assertThat(run.entitySignals())
        .singleElement()
        .satisfies(
            signal -> {
              assertThat(signal.scheduledTime()).isEqualTo(T0.plus(Duration.ofHours(1)));
              assertThat(signal.input(Long.class)).isEqualTo(9L);
            });
    assertThat(run.entityState(BOB, Long.class)).isEqualTo(9L);
  }

  @Test
  void entityThatSignalsItselfWithoutEnd_failsTheRun_sayingItLooksLikeALoop() {
    OrchestrationTester tester =
        OrchestrationTester.of(
                "Ping",
                ctx -> {
                  ctx.entities().signalProxy(Relay.class, RELAY).ping();
                  return null;
                })
            .entity(RelayEntity::new, "r");

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signal each other (or themselves) without end");
  }
}
