package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccountsOptionsTest {

  @Test
  void noArguments_giveDefaults() {
    assertThat(AccountsOptions.parse()).isEqualTo(AccountsOptions.DEFAULTS);
  }

  @Test
  void options_areRead() {
    AccountsOptions options =
        AccountsOptions.parse(
            "--accounts", "5", "--transfers", "9", "--initial", "3", "--seed", "7");

    assertThat(options).isEqualTo(new AccountsOptions(5, 9, 3, 7));
  }

  @Test
  void unknownOption_isRejectedWithUsage() {
    assertThatThrownBy(() -> AccountsOptions.parse("--acounts", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --acounts")
        .hasMessageContaining("usage:");
  }

  @Test
  void nonNumber_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse("--transfers", "many"))
        .hasMessageContaining("--transfers takes a whole number, was 'many'");
  }

  @Test
  void missingValue_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse("--seed"))
        .hasMessageContaining("option --seed needs a value");
  }

  @Test
  void fewerThanTwoAccounts_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse("--accounts", "1"))
        .hasMessageContaining("--accounts must be at least 2");
  }
}
