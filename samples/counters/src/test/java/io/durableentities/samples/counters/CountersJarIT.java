package io.durableentities.samples.counters;

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
class CountersJarIT {

  @TempDir Path dir;

  @Test
  void jar_runsTheTour_withALoggingProvider() throws Exception {
    Result run = run("--data-dir", dir.resolve("data").toString());

    assertThat(run.status).as("stdout: %s%nstderr: %s", run.out, run.err).isZero();
    assertThat(run.out)
        .contains("signals ", "scheduled signal ", "orchestration ", "aggregator ", "order ")
        .contains("is SHIPPED");
    assertThat(run.err).doesNotContain("SLF4J");
  }

  @Test
  void jar_badOption_exitsWith2_withTheUsageOnStderr() throws Exception {
    Result run = run("--frobnicate");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.out).isEmpty();
    assertThat(run.err).contains("Unknown option: '--frobnicate'").contains("Usage: counters");
  }

  private record Result(int status, String out, String err) {}

  private Result run(String... args) throws IOException, InterruptedException {
    Path jar = Path.of("target", "counters.jar").toAbsolutePath();
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
