package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.scheduler.internal.cli.CliArgs;
import io.durableentities.scheduler.internal.cli.SchedulerCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class SchedulerMainTest {

  @Test
  void checkIntegrity_turnsOnTheIntegrityCheckBeforeServing() {
    assertThat(SchedulerMain.options(CliArgs.parse()).integrityCheck()).isFalse();
    assertThat(SchedulerMain.options(CliArgs.parse("--check-integrity")).integrityCheck()).isTrue();
    assertThat(Run.of("--help").out).contains("--check-integrity");
  }

  @Test
  void defaults_mirrorTheEmulator() throws Exception {
    CliArgs cli = CliArgs.parse();

    assertThat(cli.port()).isEqualTo(8080);
    assertThat(cli.dashboardPort()).isEqualTo(8082);
    assertThat(cli.dashboard()).isTrue();
    assertThat(cli.host()).isNull();
    SchedulerOptions options = SchedulerMain.options(cli);
    assertThat(options.inMemory()).isFalse();
    assertThat(options.dataDir()).isEqualTo(SchedulerOptions.DEFAULT_DATA_DIR);
  }

  @Test
  void flags_areParsed() throws Exception {
    CliArgs cli =
        CliArgs.parse(
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--dashboard-port",
            "9000",
            "--no-dashboard",
            "--data-dir",
            "/tmp/x");

    assertThat(cli.host()).isEqualTo("127.0.0.1");
    assertThat(cli.port()).isZero();
    assertThat(cli.dashboardPort()).isEqualTo(9000);
    assertThat(cli.dashboard()).isFalse();
    assertThat(SchedulerMain.options(cli).dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(SchedulerMain.options(CliArgs.parse("--in-memory")).inMemory()).isTrue();
  }

  @Test
  void unknownFlag_exitsWith2_andPrintsTheProblemAndTheUsageToStderr() {
    Run run = Run.of("--frobnicate");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.parsed).as("nothing started").isNull();
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .contains("Unknown option: '--frobnicate'")
        .contains("Usage: java -jar embedded-scheduler.jar");
  }

  @Test
  void badValue_exitsWith2_namingTheOption() {
    Run run = Run.of("--port", "http");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.parsed).isNull();
    assertThat(run.err)
        .contains("Invalid value for option '--port': must be a port number 0..65535, was 'http'")
        .contains("Usage: java -jar embedded-scheduler.jar");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--port|70000|must be a port number 0..65535, was '70000'",
        "--max-task-hubs|0|must be a positive number, was '0'",
        "--max-resident-entities|-1|must be a number 0 or more, was '-1'",
        "--instance-retention|5x|must be a duration such as 90s, 15m, 24h, 7d or PT1H, was '5x'",
        "--clean-entity-storage-interval|-PT1H|must be a duration such as 90s, 15m, 24h, 7d or PT1H,"
            + " was '-PT1H'"
      })
  void outOfRangeValue_exitsWith2_sayingWhatWasExpected(String option, String value, String why) {
    Run run = Run.of(option + "=" + value);

    assertThat(run.status).isEqualTo(2);
    assertThat(run.parsed).isNull();
    assertThat(run.err).contains("Invalid value for option '" + option + "': " + why);
  }

  @Test
  void help_printsEveryOptionToStdout_andExitsWith0() {
    Run run = Run.of("--help");

    assertThat(run.status).isZero();
    assertThat(run.parsed).as("nothing started").isNull();
    assertThat(run.err).isEmpty();
    assertThat(run.out)
        .startsWith("Usage: java -jar embedded-scheduler.jar")
        .contains(
            "--host=H",
            "--port=N",
            "gRPC port, 0 for a free one (default: 8080)",
            "--dashboard-port=N",
            "(default: 8082)",
            "--no-dashboard",
            "--data-dir=DIR",
            "--in-memory",
            "--allow-remote",
            "-h, --help",
            "-V, --version",
            "Exit status:");
    assertThat(Run.of("-h").out).isEqualTo(run.out);
  }

  @Test
  void version_printsToStdout_andExitsWith0() {
    Run run = Run.of("--version");

    assertThat(run.status).isZero();
    assertThat(run.parsed).isNull();
    // Run from classes, not from the jar: the jar's own version is checked by SchedulerJarIT.
    assertThat(run.out).startsWith("embedded-scheduler ");
  }

  @Test
  void validCommandLine_runsTheActionWithTheParsedArguments_andExitsWithItsStatus() {
    Run run = Run.of("--port", "0", "--in-memory", "--no-dashboard");

    assertThat(run.status).isEqualTo(7);
    assertThat(run.parsed)
        .isEqualTo(
            new CliArgs(
                null,
                0,
                8082,
                false,
                null,
                true,
                false,
                false,
                List.of(),
                1000,
                null,
                null,
                null,
                false,
                100_000,
                null,
                null,
                Duration.ofHours(1),
                null));
  }

  @Test
  void taskHubOptions_reachTheSchedulerOptions_andABadLimitIsAUsageError() {
    SchedulerOptions options =
        SchedulerMain.options(
            CliArgs.parse("--allowed-task-hubs=default,orders", "--max-task-hubs", "5"));

    assertThat(options.allowedTaskHubs()).containsExactlyInAnyOrder("default", "orders");
    assertThat(options.maxTaskHubs()).isEqualTo(5);
    assertThat(SchedulerMain.options(CliArgs.parse()).maxTaskHubs()).isEqualTo(1000);
    Run zero = Run.of("--max-task-hubs=0");
    assertThat(zero.status).isEqualTo(2);
    assertThat(zero.err).contains("--max-task-hubs", "positive");
  }

  @Test
  void memoryAndRetentionOptions_reachTheSchedulerOptions_andBadValuesAreUsageErrors() {
    SchedulerOptions options =
        SchedulerMain.options(
            CliArgs.parse(
                "--max-resident-entities=0",
                "--instance-retention=15m",
                "--clean-entity-storage-interval=PT2H",
                "--dedup-window=10m"));

    assertThat(options.maxResidentEntities()).isZero();
    assertThat(options.instanceRetention()).contains(Duration.ofMinutes(15));
    assertThat(options.cleanEntityStorageInterval()).contains(Duration.ofHours(2));
    assertThat(options.dedupWindow()).isEqualTo(Duration.ofMinutes(10));
    SchedulerOptions defaults = SchedulerMain.options(CliArgs.parse());
    assertThat(defaults.maxResidentEntities()).isEqualTo(100_000);
    assertThat(defaults.instanceRetention()).isEmpty();
    assertThat(defaults.cleanEntityStorageInterval()).isEmpty();
    assertThat(defaults.dedupWindow()).isEqualTo(Duration.ofHours(1));
    Run badDuration = Run.of("--instance-retention=soon");
    assertThat(badDuration.status).isEqualTo(2);
    assertThat(badDuration.err).contains("--instance-retention", "15m");
    assertThat(Run.of("--max-resident-entities=-1").status).isEqualTo(2);
  }

  @Test
  void nonLoopbackHost_requiresAllowRemote() throws Exception {
    assertThatThrownBy(() -> CliArgs.parse("--host", "0.0.0.0"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--allow-remote");
    assertThat(Run.of("--host", "0.0.0.0").status).isEqualTo(2);

    assertThat(
            CliArgs.parse(
                    "--host", "0.0.0.0", "--allow-remote", "--insecure-allow-remote-without-auth")
                .allowRemote())
        .isTrue();
    assertThat(CliArgs.parse("--host", "localhost").host()).isEqualTo("localhost");
  }

  @Test
  void badValues_areRejected() {
    assertThatThrownBy(() -> CliArgs.parse("--port", "http"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> CliArgs.parse("--port", "70000"))
        .isInstanceOf(ParameterException.class);
    assertThatThrownBy(() -> CliArgs.parse("--dashboard-port"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Missing required parameter for option '--dashboard-port'");
    assertThatThrownBy(() -> CliArgs.parse("--in-memory", "--data-dir", "x"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("mutually exclusive");
  }

  @Test
  void dashboard_isOnByDefault_andOffWithNoDashboard() throws Exception {
    assertThat(SchedulerMain.options(CliArgs.parse()).dashboardPort()).hasValue(8082);
    assertThat(SchedulerMain.options(CliArgs.parse("--dashboard-port", "0")).dashboardPort())
        .hasValue(0);
    assertThat(SchedulerMain.options(CliArgs.parse("--no-dashboard")).dashboardPort()).isEmpty();
    assertThat(SchedulerOptions.defaults().dashboardPort()).as("in-process: off").isEmpty();
  }

  @Test
  void banner_withoutDashboard_hasNoDashboardLine() throws Exception {
    CliArgs cli = CliArgs.parse("--port", "0", "--in-memory", "--no-dashboard");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(SchedulerMain.options(cli))) {
      SchedulerMain.printBanner(cli, scheduler, new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(scheduler.dashboardUrl()).isEmpty();
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Dashboard");
    }
  }

  @Test
  void dashboardPortInUse_failsTheStartNamingIt() throws Exception {
    try (EmbeddedScheduler first =
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder().inMemory().dashboardPort(0).build())) {
      int taken = first.dashboardPort().orElseThrow();

      assertThatThrownBy(
              () ->
                  EmbeddedScheduler.start(
                      SchedulerOptions.newBuilder().inMemory().dashboardPort(taken).build()))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("Could not serve the dashboard on localhost:" + taken);
    }
  }

  @Test
  void banner_printsTheConnectionString_andTheDashboardUrl() throws Exception {
    CliArgs cli = CliArgs.parse("--port", "0", "--in-memory", "--dashboard-port", "0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(SchedulerMain.options(cli))) {
      SchedulerMain.printBanner(cli, scheduler, new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains(
              "Connection string: Endpoint=http://localhost:"
                  + scheduler.port()
                  + ";Authentication=None")
          .contains("Dashboard: http://localhost:" + scheduler.dashboardPort().orElseThrow() + "/");
    }
  }

  /** One execution of the command line {@code SchedulerMain} runs, with an action that records. */
  private static final class Run {
    int status;
    CliArgs parsed;
    String out;
    String err;

    static Run of(String... args) {
      Run run = new Run();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine =
          SchedulerCommand.commandLine(
              cli -> {
                run.parsed = cli;
                return 7;
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
