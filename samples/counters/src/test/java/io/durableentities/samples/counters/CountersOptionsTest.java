package io.durableentities.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class CountersOptionsTest {

  @Test
  void noOptions_runTheEmbeddedScheduler() {
    CountersOptions options = CountersOptions.parse(Map.of());

    assertThat(options.connection()).isNull();
    assertThat(options.dataDir()).isEqualTo(CountersOptions.DEFAULT_DATA_DIR);
  }

  @Test
  void connection_comesFromTheFlag_thenDurableConnection_thenDtsConnectionString() {
    Map<String, String> both = Map.of("DURABLE_CONNECTION", "a", "DTS_CONNECTION_STRING", "b");

    assertThat(CountersOptions.parse(both, "--connection", "c").connection()).isEqualTo("c");
    assertThat(CountersOptions.parse(both).connection()).isEqualTo("a");
    assertThat(CountersOptions.parse(Map.of("DTS_CONNECTION_STRING", "b")).connection())
        .isEqualTo("b");
    assertThat(CountersOptions.parse(Map.of("DURABLE_CONNECTION", " ")).connection()).isNull();
  }

  @Test
  void dataDir_isTaken() {
    assertThat(CountersOptions.parse(Map.of(), "--data-dir", "x").dataDir())
        .isEqualTo(Path.of("x"));
  }

  @Test
  void badOptions_areRejected_namingThem() {
    assertThatThrownBy(() -> CountersOptions.parse(Map.of(), "--nope", "1"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Unknown options: '--nope', '1'");
    assertThatThrownBy(() -> CountersOptions.parse(Map.of(), "--connection"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("Missing required parameter for option '--connection'");
  }

  @Test
  void badOption_exitsWith2_withTheUsageOnStderr_andRunsNothing() {
    Run run = Run.of("--nope", "1");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.options).isNull();
    assertThat(run.out).isEmpty();
    assertThat(run.err).contains("Unknown options: '--nope', '1'").contains("Usage: counters");
  }

  @Test
  void help_printsEveryOptionToStdout_andExitsWith0_withoutRunning() {
    Run run = Run.of("--help");

    assertThat(run.status).isZero();
    assertThat(run.options).isNull();
    assertThat(run.err).isEmpty();
    assertThat(run.out).startsWith("Usage: counters");
    assertThat(run.out.replaceAll("\\s+", " "))
        .contains(
            "--connection=STRING a Durable Task connection string (default: DURABLE_CONNECTION or"
                + " DTS_CONNECTION_STRING",
            "--connection \"Endpoint=http://localhost:8080;Authentication=None\"",
            "--data-dir=DIR where the embedded scheduler keeps its data (default: counters-data)",
            "-h, --help");
    assertThat(Run.of("-h").out).isEqualTo(run.out);
  }

  @Test
  void validCommandLine_runsTheAction_andExitsWithItsStatus() {
    Run run = Run.of("--data-dir", "x");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.options).isEqualTo(new CountersOptions(null, Path.of("x")));
  }

  /** One execution of the command line {@code CountersApp} runs, with an action that records. */
  private static final class Run {
    int status;
    CountersOptions options;
    String out;
    String err;

    static Run of(String... args) {
      Run run = new Run();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine =
          CountersCommand.commandLine(
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
