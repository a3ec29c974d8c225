package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.scheduler.internal.cli.CliArgs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchedulerMainTest {

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
  void unknownFlag_isRejectedWithUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    var parsed =
        SchedulerMain.parse(
            new String[] {"--frobnicate"}, new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(parsed).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Unknown option '--frobnicate'")
        .contains("Usage: java -jar embedded-scheduler.jar");
  }

  @Test
  void nonLoopbackHost_requiresAllowRemote() throws Exception {
    assertThatThrownBy(() -> CliArgs.parse("--host", "0.0.0.0"))
        .isInstanceOf(CliArgs.UsageException.class)
        .hasMessageContaining("--allow-remote");

    assertThat(CliArgs.parse("--host", "0.0.0.0", "--allow-remote").allowRemote()).isTrue();
    assertThat(CliArgs.parse("--host", "localhost").host()).isEqualTo("localhost");
  }

  @Test
  void badValues_areRejected() {
    assertThatThrownBy(() -> CliArgs.parse("--port", "http"))
        .isInstanceOf(CliArgs.UsageException.class)
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> CliArgs.parse("--port", "70000"))
        .isInstanceOf(CliArgs.UsageException.class);
    assertThatThrownBy(() -> CliArgs.parse("--dashboard-port"))
        .isInstanceOf(CliArgs.UsageException.class)
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> CliArgs.parse("--in-memory", "--data-dir", "x"))
        .isInstanceOf(CliArgs.UsageException.class)
        .hasMessageContaining("exclude");
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

  @Test
  void checkIntegrity_turnsOnTheIntegrityCheckBeforeServing() throws Exception {
    assertThat(SchedulerMain.options(CliArgs.parse()).integrityCheck()).isFalse();
    assertThat(SchedulerMain.options(CliArgs.parse("--check-integrity")).integrityCheck()).isTrue();
    assertThat(CliArgs.USAGE).contains("--check-integrity");
  }
}
