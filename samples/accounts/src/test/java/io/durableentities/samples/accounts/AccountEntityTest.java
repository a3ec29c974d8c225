package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
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
  void operationNames_areCaseInsensitive() {
    account.call("DEPOSIT", 7L);

    assertThat(account.call("Balance", null, Long.class)).isEqualTo(7L);
  }
}
