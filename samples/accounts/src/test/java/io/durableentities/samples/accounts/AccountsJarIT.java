package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as the README does (after {@code package}): picocli and logging inside. */
class AccountsJarIT {

  @TempDir Path dir;

  @Test
  void jar_runsBothPhasesBalanced_withALoggingProvider() throws Exception {
    Result run =
        run(
            "--accounts",
            "6",
            "--transfers",
            "200",
            "--locked",
            "6",
            "--data-dir",
            dir.resolve("data").toString());

    assertThat(run.status).as("stdout: %s%nstderr: %s", run.out, run.err).isZero();
    assertThat(run.out)
        .contains("== in memory", "== on a scheduler", "== locked transfers", "(equal)")
        .doesNotContain("MISMATCH");
    assertThat(run.err).doesNotContain("SLF4J");
  }

  @Test
  void jar_badOption_exitsWith2_withTheUsageOnStderr() throws Exception {
    Result run = run("--accounts", "many");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .contains("Invalid value for option '--accounts': 'many' is not an int")
        .contains("Usage: accounts");
  }

  private record Result(int status, String out, String err) {}

  private Result run(String... args) throws IOException, InterruptedException {
    Path jar = Path.of("target", "accounts.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the jar exits").isTrue();
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      process.destroyForcibly();
    }
  }
}
