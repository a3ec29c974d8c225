package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountsAppTest {

  @Test
  void runInMemory_conservesMoney() {
    TransferReport report = AccountsApp.runInMemory(AccountsOptions.inMemory(10, 2_000, 1_000, 1));

    assertThat(report.totalBefore()).isEqualTo(10_000);
    assertThat(report.totalAfter()).isEqualTo(report.totalBefore());
    assertThat(report.done() + report.rejected()).isEqualTo(2_000);
  }

  @Test
  void smallBalances_rejectSomeTransfers() {
    TransferReport report = AccountsApp.runInMemory(AccountsOptions.inMemory(3, 500, 10, 3));

    assertThat(report.rejected()).isPositive();
    assertThat(report.done()).isPositive();
    assertThat(report.balanced()).isTrue();
  }

  @Test
  void sameSeed_givesSameRun() {
    AccountsOptions options = AccountsOptions.inMemory(4, 300, 50, 9);

    TransferReport first = AccountsApp.runInMemory(options);
    TransferReport second = AccountsApp.runInMemory(options);

    assertThat(second.done()).isEqualTo(first.done());
    assertThat(second.rejected()).isEqualTo(first.rejected());
  }

  @Test
  void inMemoryBank_rejectedTransfer_changesNoBalance() {
    InMemoryBank bank = new InMemoryBank(2, 100);

    boolean moved = bank.transfer(0, 1, 101);

    assertThat(moved).isFalse();
    assertThat(bank.balance(0)).isEqualTo(100);
    assertThat(bank.balance(1)).isEqualTo(100);
  }
}
