package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountsOptionsTest {

  @Test
  void noArguments_giveDefaults() {
    assertThat(AccountsOptions.parse(Map.of())).isEqualTo(AccountsOptions.DEFAULTS);
  }

  @Test
  void options_areRead() {
    AccountsOptions options =
        AccountsOptions.parse(
            Map.of(),
            "--accounts",
            "5",
            "--transfers",
            "9",
            "--locked",
            "4",
            "--initial",
            "3",
            "--seed",
            "7",
            "--mode",
            "Memory",
            "--connection",
            "Endpoint=http://localhost:1;Authentication=None",
            "--data-dir",
            "d");

    assertThat(options)
        .isEqualTo(
            new AccountsOptions(
                5,
                9,
                4,
                3,
                7,
                AccountsOptions.Mode.MEMORY,
                "Endpoint=http://localhost:1;Authentication=None",
                Path.of("d")));
  }

  @Test
  void unknownOption_isRejectedWithUsage() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--acounts", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --acounts")
        .hasMessageContaining("usage:");
  }

  @Test
  void nonNumber_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--transfers", "many"))
        .hasMessageContaining("--transfers takes a whole number, was 'many'");
  }

  @Test
  void missingValue_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--seed"))
        .hasMessageContaining("option --seed needs a value");
  }

  @Test
  void connection_comesFromTheEnvironment_durableConnectionFirst() {
    AccountsOptions options =
        AccountsOptions.parse(
            Map.of(
                "DURABLE_CONNECTION",
                "Endpoint=http://a;Authentication=None",
                "DTS_CONNECTION_STRING",
                "Endpoint=http://b;Authentication=None"));

    assertThat(options.connection()).isEqualTo("Endpoint=http://a;Authentication=None");
  }

  @Test
  void connection_fallsBackToDtsConnectionString() {
    AccountsOptions options =
        AccountsOptions.parse(
            Map.of("DTS_CONNECTION_STRING", "Endpoint=http://b;Authentication=None"));

    assertThat(options.connection()).isEqualTo("Endpoint=http://b;Authentication=None");
  }

  @Test
  void unknownMode_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--mode", "cloud"))
        .hasMessageContaining("--mode takes both, memory or scheduler, was 'cloud'");
  }

  @Test
  void fewerThanTwoAccounts_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--accounts", "1"))
        .hasMessageContaining("--accounts must be at least 2");
  }
}
