package io.durableentities.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class RunnerCommandTest {

  @Test
  void noOptions_giveTheDefaults() {
    assertThat(RunnerOptions.parse(List.of())).isEqualTo(RunnerOptions.defaults());
  }

  @Test
  void quick_appliesFirst_andExplicitOptionsOverrideIt_inAnyOrder() {
    RunnerOptions options =
        RunnerOptions.parse(List.of("--repetitions", "2", "--quick", "--measure", "0.5"));

    assertThat(options)
        .isEqualTo(
            RunnerOptions.defaults()
                .quickSizes()
                .timing(2, Duration.ofSeconds(1), Duration.ofMillis(500)));
  }

  @Test
  void everyOption_isRead() {
    RunnerOptions options =
        RunnerOptions.parse(
            List.of(
                "--out",
                "o",
                "--only",
                "a, c,,e",
                "--repetitions",
                "4",
                "--warmup",
                "1.5",
                "--measure",
                "3",
                "--jit-wait",
                "0",
                "--latency-signals",
                "5",
                "--write-signals",
                "6",
                "--restart-entities",
                "7",
                "--restart-history",
                "8",
                "--orchestrations",
                "9",
                "--transfers",
                "10",
                "--client-calls",
                "11",
                "--restart-data",
                "r",
                "--soak-entities",
                "100",
                "--soak-working-set",
                "50",
                "--soak-rate-fraction",
                "0.25",
                "--soak-orchestration-rate",
                "12.5",
                "--soak-orchestrations",
                "1000",
                "--soak-retention",
                "5",
                "--soak-duration",
                "30",
                "--soak-heap",
                "128",
                "--soak-max-resident",
                "20",
                "--soak-dedup-window",
                "60",
                "--soak-clean-interval",
                "15",
                "--soak-sample-interval",
                "0.5"));

    assertThat(options)
        .isEqualTo(
            new RunnerOptions(
                Path.of("o"),
                Set.of("a", "c", "e"),
                4,
                Duration.ofMillis(1500),
                Duration.ofSeconds(3),
                Duration.ZERO,
                5,
                6,
                7,
                8,
                9,
                10,
                11,
                false,
                Path.of("r"),
                new SoakOptions(
                    100,
                    50,
                    0.25,
                    12.5,
                    1000,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    128,
                    20,
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(15),
                    Duration.ofMillis(500))));
  }

  @Test
  void soakSizes_thatCannotWork_areUsageErrors_namingTheOptions() {
    assertThatThrownBy(
            () -> RunnerOptions.parse(List.of("--soak-entities", "10", "--soak-working-set", "20")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--soak-working-set");
    assertThatThrownBy(
            () ->
                RunnerOptions.parse(
                    List.of("--soak-orchestration-rate", "0", "--soak-orchestrations", "5")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--soak-orchestrations 5 needs an orchestration rate above 0");
    assertThatThrownBy(() -> RunnerOptions.parse(List.of("--soak-orchestrations", "-1")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining(
            "Invalid value for option '--soak-orchestrations': needs a whole number >= 0");
    assertThat(RunnerOptions.parse(List.of("--quick")).soak()).isEqualTo(SoakOptions.quick());
  }

  @Test
  void anOptionGivenTwice_takesTheLastValue() {
    assertThat(
            RunnerOptions.parse(List.of("--repetitions", "2", "--repetitions", "5")).repetitions())
        .isEqualTo(5);
  }

  @Test
  void badValues_areRejected_namingTheOption() {
    assertThatThrownBy(() -> RunnerOptions.parse(List.of("--repetitions", "0")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining(
            "Invalid value for option '--repetitions': needs a positive whole number, was '0'");
    assertThatThrownBy(() -> RunnerOptions.parse(List.of("--warmup", "soon")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Invalid value for option '--warmup': needs seconds (>= 0)");
    assertThatThrownBy(() -> RunnerOptions.parse(List.of("--out")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Missing required parameter for option '--out'");
  }

  @Test
  void unknownOption_exitsWith2_withTheUsageOnStderr_andRunsNothing() {
    Run run = Run.of("--frobnicate");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.options).isNull();
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .contains("Unknown option: '--frobnicate'")
        .contains("Usage: BenchmarkRunner");
  }

  @Test
  void help_printsEveryOptionAndItsDefaultToStdout_andExitsWith0_withoutRunning() {
    Run run = Run.of("--help");
    RunnerOptions defaults = RunnerOptions.defaults();

    assertThat(run.status).isZero();
    assertThat(run.options).isNull();
    assertThat(run.err).isEmpty();
    assertThat(run.out)
        .startsWith("Usage: BenchmarkRunner")
        .contains(
            "--quick",
            "--out=DIR",
            "--only=IDS",
            "--restart-data=DIR",
            "-h, --help",
            "Exit status:");
    assertThat(run.out.replaceAll("\\s+", " "))
        .contains(
            "(default: " + defaults.out() + ")",
            "--repetitions=N repetitions per probe and scenario, median reported (default: "
                + defaults.repetitions()
                + ")",
            "--warmup=SECONDS warm-up before each steady-state window (default: "
                + defaults.warmup().toSeconds()
                + ")",
            "--measure=SECONDS steady-state window (default: " + defaults.measure().toSeconds(),
            "(default: " + defaults.jitWait().toSeconds() + ", 0 with --quick)",
            "--latency-signals=N sequential signals in scenario c (default: "
                + defaults.latencySignals(),
            "--write-signals=N signals in scenario f-write (default: " + defaults.writeSignals(),
            "--restart-entities=N entities in the cold-restart data set (default: "
                + defaults.restartEntities(),
            "--restart-history=N history rows in the cold-restart data set (default: "
                + defaults.restartHistoryRows(),
            "--orchestrations=N orchestrations in flight in scenario d (default: "
                + defaults.orchestrations(),
            "--transfers=N transfers in flight in scenario e (default: " + defaults.transfers(),
            "--client-calls=N sequential add-then-get call pairs in scenario h (default: "
                + defaults.clientCalls());
  }

  @Test
  void validCommandLine_runsTheAction_andExitsWithItsStatus() {
    Run run = Run.of("--quick", "--only", "c");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.options.quick()).isTrue();
    assertThat(run.options.only()).containsExactly("c");
  }

  /**
   * One execution of the command line {@code BenchmarkRunner} runs, with an action that records.
   */
  private static final class Run {
    int status;
    RunnerOptions options;
    String out;
    String err;

    static Run of(String... args) {
      Run run = new Run();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine =
          RunnerCommand.commandLine(
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
