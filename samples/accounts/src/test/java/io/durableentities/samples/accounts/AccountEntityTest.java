package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
import io.durableentities.core.SentSignal;
import org.junit.jupiter.api.Test;

class AccountEntityTest {

  private final EntityTester<Long> account = EntityTester.of(AccountEntity::new, "acct-1");

  @Test
  void newAccount_hasZeroBalance() {
    assertThat(account.call("balance", null, Long.class)).isZero();
  }

  @Test
  void deposit_addsToBalance() {
    account.call("deposit", 500L);
    account.call("deposit", 250L);

    assertThat(account.state()).isEqualTo(750L);
  }

  @Test
  void withdraw_withEnoughMoney_subtracts() {
    account.withState(1_000L);

    account.call("withdraw", 400L);

    assertThat(account.state()).isEqualTo(600L);
  }

  @Test
  void withdraw_withInsufficientFunds_failsAndLeavesBalance() {
    account.withState(100L);

    assertThatThrownBy(() -> account.call("withdraw", 101L))
        .isInstanceOf(EntityOperationFailedException.class)
        .satisfies(
            e ->
                assertThat(((EntityOperationFailedException) e).failureDetails().errorType())
                    .isEqualTo(InsufficientFundsException.class.getName()))
        .hasMessageContaining("withdraw")
        .hasMessageContaining("@account@acct-1");
    assertThat(account.state()).isEqualTo(100L);
  }

  @Test
  void deposit_ofNonPositiveAmount_fails() {
    assertThatThrownBy(() -> account.call("deposit", 0L))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("amount must be positive");
  }

  @Test
  void transfer_withEnoughMoney_withdrawsAndSignalsDepositAndLedger() {
    account.withState(1_000L);

    account.call("transfer", new TransferOrder("acct-2", 300));

    assertThat(account.state()).isEqualTo(700L);
    assertThat(account.signals())
        .extracting(s -> s.target().toString(), SentSignal::operation, SentSignal::input)
        .containsExactly(
            tuple("@account@acct-2", "deposit", "300"),
            tuple("@ledger@transfers", "record", "\"DONE\""));
  }

  @Test
  void transfer_withTooLittleMoney_movesNothingAndCountsARejection() {
    account.withState(100L);

    account.call("transfer", new TransferOrder("acct-2", 300));

    assertThat(account.state()).isEqualTo(100L);
    assertThat(account.signals())
        .extracting(s -> s.target().toString(), SentSignal::operation, SentSignal::input)
        .containsExactly(tuple("@ledger@transfers", "record", "\"REJECTED\""));
  }

  @Test
  void ledger_countsOutcomes() {
    EntityTester<LedgerState> ledger = EntityTester.of(LedgerEntity::new, "transfers");

    ledger.call("record", TransferOutcome.DONE);
    ledger.call("record", TransferOutcome.DONE);
    ledger.call("record", TransferOutcome.REJECTED);

    assertThat(ledger.call("totals", null, LedgerState.class)).isEqualTo(new LedgerState(2, 1));
  }

  @Test
  void operationNames_areCaseInsensitive() {
    account.call("DEPOSIT", 7L);

    assertThat(account.call("Balance", null, Long.class)).isEqualTo(7L);
  }
}
