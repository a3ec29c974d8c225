package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

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
  void optionNames_andModes_areCaseInsensitive() {
    assertThat(AccountsOptions.parse(Map.of(), "--ACCOUNTS", "5", "--Mode", "SCHEDULER"))
        .extracting(AccountsOptions::accounts, AccountsOptions::mode)
        .containsExactly(5, AccountsOptions.Mode.SCHEDULER);
  }

  @Test
  void unknownOption_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--acounts", "5"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Unknown options: '--acounts', '5'");
  }

  @Test
  void unknownOption_exitsWith2_withASuggestionOnStderr_andRunsNothing() {
    Run run = Run.of("--acounts", "5");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.options).isNull();
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .contains("Unknown options: '--acounts', '5'")
        .contains("Possible solutions: --accounts");
  }

  @Test
  void badValue_exitsWith2_withTheUsageOnStderr_andRunsNothing() {
    Run run = Run.of("--mode", "cloud");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.options).isNull();
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .contains("Invalid value for option '--mode'")
        .contains("but was 'cloud'")
        .contains("Usage: accounts");
  }

  @Test
  void help_printsEveryOptionToStdout_andExitsWith0_withoutRunning() {
    Run run = Run.of("--help");

    assertThat(run.status).isZero();
    assertThat(run.options).isNull();
    assertThat(run.err).isEmpty();
    assertThat(run.out).startsWith("Usage: accounts");
    assertThat(run.out.replaceAll("\\s+", " "))
        .contains(
            "--accounts=N accounts to open (default: 100)",
            "--transfers=M random transfers to run in each phase (default: 5000)",
            "--locked=L transfers to run on the scheduler as orchestrations that lock both accounts (default: 200)",
            "--initial=CENTS opening balance per account in cents (default: 10000)",
            "--seed=S random seed (default: 42)",
            "--mode=both|memory|scheduler",
            "--connection=STRING a Durable Task connection string (default: DURABLE_CONNECTION or DTS_CONNECTION_STRING",
            "--connection \"Endpoint=http://localhost:8080;Authentication=None\"",
            "--data-dir=DIR where the embedded scheduler keeps its data (default: accounts-data)",
            "-h, --help");
    assertThat(Run.of("-h").out).isEqualTo(run.out);
  }

  @Test
  void validCommandLine_runsTheAction_andExitsWithItsStatus() {
    Run run = Run.of("--accounts", "3", "--mode", "memory");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.options)
        .isEqualTo(AccountsOptions.parse(Map.of(), "--accounts", "3", "--mode", "memory"));
  }

  @Test
  void nonNumber_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--transfers", "many"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Invalid value for option '--transfers': 'many' is not an int");
  }

  @Test
  void missingValue_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--seed"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Missing required parameter for option '--seed'");
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
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining(
            "Invalid value for option '--mode': expected one of [BOTH, MEMORY, SCHEDULER]"
                + " (case-insensitive) but was 'cloud'");
  }

  @Test
  void fewerThanTwoAccounts_isRejected() {
    assertThatThrownBy(() -> AccountsOptions.parse(Map.of(), "--accounts", "1"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--accounts must be at least 2");
    assertThat(Run.of("--accounts", "1").status).isEqualTo(2);
  }

  /** One execution of the command line {@code AccountsApp} runs, with an action that records. */
  private static final class Run {
    int status;
    AccountsOptions options;
    String out;
    String err;

    static Run of(String... args) {
      Run run = new Run();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine =
          AccountsCommand.commandLine(
              Map.of(),
              options -> {
                run.options = options;
                return 1;
              });
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      run.status = commandLine.execute(args);
      run.out = out.toString();
      run.err = err.toString();
      return run;
    }
  }
}
