package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.testing.orchestration.EntityCall;
import io.durableentities.testing.orchestration.EntityLock;
import io.durableentities.testing.orchestration.OrchestrationRun;
import io.durableentities.testing.orchestration.OrchestrationTester;
import org.junit.jupiter.api.Test;

/** The Transfer orchestration in memory: both accounts locked, the balance checked, then moved. */
class TransferTest {

  private static final EntityInstanceId ALICE = EntityInstanceId.of(Account.class, "alice");
  private static final EntityInstanceId BOB = EntityInstanceId.of(Account.class, "bob");

  @Test
  void transfer_withEnoughMoney_movesIt_underBothLocks() {
    // docs:start orchestration-tester
    OrchestrationRun run =
        OrchestrationTester.of(new Transfer())
            .entity(AccountEntity::new, "alice", 1_000L) // real entities, in memory
            .entity(AccountEntity::new, "bob", 0L)
            .run(new TransferRequest("alice", "bob", 400));

    assertThat(run.output(TransferOutcome.class)).isEqualTo(TransferOutcome.DONE);
    assertThat(run.entityState(ALICE, Long.class)).isEqualTo(600L);
    assertThat(run.entityState(BOB, Long.class)).isEqualTo(400L);
    assertThat(run.entityCalls())
        .extracting(EntityCall::toString)
        .containsExactly(
            "@account@alice.balance()",
            "@account@alice.withdraw(400)",
            "@account@bob.deposit(400)");
    assertThat(run.locks())
        .singleElement()
        .satisfies(
            lock -> {
              assertThat(lock.entities()).containsExactly(ALICE, BOB);
              assertThat(lock.isReleased()).isTrue();
            });
    // docs:end orchestration-tester
  }

  @Test
  void transfer_withInsufficientFunds_isRejected_andNothingMoves() {
    OrchestrationRun run =
        OrchestrationTester.of(new Transfer())
            .entity(AccountEntity::new, "alice", 100L)
            .entity(AccountEntity::new, "bob", 0L)
            .run(new TransferRequest("alice", "bob", 400));

    assertThat(run.output(TransferOutcome.class)).isEqualTo(TransferOutcome.REJECTED);
    assertThat(run.entityCalls()).extracting(EntityCall::operation).containsExactly("balance");
    assertThat(run.entityState(ALICE, Long.class)).isEqualTo(100L);
    assertThat(run.entityState(BOB, Long.class)).isZero();
    assertThat(run.locks()).allMatch(EntityLock::isReleased);
  }

  // docs:start orchestration-tester-double
  /** An account that reports money but refuses every withdrawal. */
  static final class FrozenAccount implements Account {
    @Override
    public long balance() {
      return 1_000;
    }

    @Override
    public void withdraw(long cents) {
      throw new IllegalStateException("account frozen");
    }

    @Override
    public void deposit(long cents) {}

    @Override
    public void transfer(TransferOrder order) {}
  }

  @Test
  void transfer_whenTheWithdrawalFails_fails_andTheLocksAreReleased() {
    OrchestrationRun run =
        OrchestrationTester.of(new Transfer())
            .entity(Account.class, "alice", new FrozenAccount()) // a hand-written double
            .entity(AccountEntity::new, "bob", 0L)
            .run(new TransferRequest("alice", "bob", 400));

    assertThat(run.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(run.failure().isCausedBy(EntityOperationFailedException.class)).isTrue();
    assertThat(run.failure().errorMessage()).contains("withdraw", "account frozen");
    assertThat(run.entityState(BOB, Long.class)).isZero();
    assertThat(run.locks()).allMatch(EntityLock::isReleased);
  }
  // docs:end orchestration-tester-double
}
