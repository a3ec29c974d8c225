package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.scheduler.internal.cli.CliArgs;
import io.durableentities.scheduler.internal.cli.SchedulerCommand;
import io.durableentities.testfixtures.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --allow-remote} needs TLS and a token, or the loudly named opt-out; the token comes from a
 * file or the environment and is never printed.
 */
class CommandLineSecurityTest {

  private static final String TOKEN = "cli-token-0123456789abcdef";

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static Path tokenFile;

  @BeforeAll
  static void files() throws IOException {
    certificates = TestCertificates.generate(dir);
    tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
  }

  /** Runs the command line with {@code environment}; returns the parsed arguments or null. */
  private static CliArgs run(Map<String, String> environment, StringWriter err, String... args) {
    AtomicReference<CliArgs> parsed = new AtomicReference<>();
    CommandLine commandLine =
        SchedulerCommand.commandLine(
            cli -> {
              parsed.set(cli);
              return 0;
            },
            environment::get);
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    int status = commandLine.execute(args);
    assertThat(status).as("exit status, stderr: %s", err).isEqualTo(parsed.get() == null ? 2 : 0);
    return parsed.get();
  }

  @Test
  void allowRemote_withoutTlsAndAToken_isAUsageError() {
    StringWriter err = new StringWriter();

    assertThat(run(Map.of(), err, "--host", "0.0.0.0", "--allow-remote")).isNull();
    assertThat(err.toString())
        .contains("--allow-remote needs TLS (--tls-cert and --tls-key) and a token")
        .contains("--insecure-allow-remote-without-auth");

    StringWriter tlsOnly = new StringWriter();
    assertThat(
            run(
                Map.of(),
                tlsOnly,
                "--host",
                "0.0.0.0",
                "--allow-remote",
                "--tls-cert",
                certificates.certificate().toString(),
                "--tls-key",
                certificates.privateKey().toString()))
        .isNull();
  }

  @Test
  void allowRemote_withTlsAndATokenFile_buildsSecuredOptions() {
    CliArgs cli =
        run(
            Map.of(),
            new StringWriter(),
            "--host",
            "0.0.0.0",
            "--allow-remote",
            "--tls-cert",
            certificates.certificate().toString(),
            "--tls-key",
            certificates.privateKey().toString(),
            "--auth-token-file",
            tokenFile.toString());

    SchedulerOptions options = SchedulerMain.options(cli);
    assertThat(options.remote()).isTrue();
    assertThat(options.tlsCertificateChain()).hasValue(certificates.certificate());
    assertThat(options.tlsPrivateKey()).hasValue(certificates.privateKey());
    assertThat(options.authToken()).hasValue(TOKEN);
    assertThat(cli.toString()).doesNotContain(TOKEN);
  }

  @Test
  void theToken_fallsBackToTheEnvironment() {
    CliArgs cli =
        run(
            Map.of(SchedulerCommand.TOKEN_ENVIRONMENT_VARIABLE, TOKEN),
            new StringWriter(),
            "--in-memory");

    assertThat(SchedulerMain.options(cli).authToken()).hasValue(TOKEN);
  }

  @Test
  void halfATlsPair_orAMissingTokenFile_isAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(Map.of(), err, "--tls-cert", certificates.certificate().toString())).isNull();
    assertThat(err.toString()).contains("--tls-cert and --tls-key go together");

    StringWriter missing = new StringWriter();
    assertThat(run(Map.of(), missing, "--auth-token-file", dir.resolve("none").toString()))
        .isNull();
    assertThat(missing.toString()).contains("--auth-token-file").contains("cannot be read");
  }

  @Test
  void theInsecureOptOut_startsWithAWarning_andTheBannerHidesTheToken() {
    CliArgs insecure =
        run(
            Map.of(),
            new StringWriter(),
            "--host",
            "0.0.0.0",
            "--allow-remote",
            "--insecure-allow-remote-without-auth",
            "--port",
            "0",
            "--in-memory",
            "--no-dashboard");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(SchedulerMain.options(insecure))) {
      SchedulerMain.printBanner(
          insecure, scheduler, new PrintStream(out, true, StandardCharsets.UTF_8));
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("WARNING: INSECURE: listening on 0.0.0.0 without TLS and authentication");

    CliArgs secured =
        run(
            Map.of(SchedulerCommand.TOKEN_ENVIRONMENT_VARIABLE, TOKEN),
            new StringWriter(),
            "--port",
            "0",
            "--in-memory",
            "--no-dashboard",
            "--tls-cert",
            certificates.certificate().toString(),
            "--tls-key",
            certificates.privateKey().toString());
    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(SchedulerMain.options(secured))) {
      SchedulerMain.printBanner(
          secured, scheduler, new PrintStream(banner, true, StandardCharsets.UTF_8));
      assertThat(banner.toString(StandardCharsets.UTF_8))
          .contains(
              "Connection string: Endpoint=https://localhost:"
                  + scheduler.port()
                  + ";Authentication=Token;Token=<your token>")
          .doesNotContain(TOKEN)
          .doesNotContain("WARNING");
    }
  }
}
