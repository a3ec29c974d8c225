package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official Durable Task JavaScript SDK ({@code @microsoft/durabletask-js}) signals, reads and
 * queries a counter entity hosted by its own worker, against the scheduler jar: code we did not
 * write agrees with our reading of the contract.
 *
 * <p>Needs Node.js and {@code npm ci} in {@code interop-tests/js} ({@code .ci/run} does both).
 * Skips where they are missing, except with {@code CI=true}, where a missing prerequisite fails.
 */
class JsSdkInteropIT {

  private static final Path JS_DIR = Path.of(System.getProperty("interop.js.dir"));

  @Test
  void jsSdk_signalsGetsAndQueriesACounter() throws Exception {
    runScript("counter-interop.mjs");
  }

  /**
   * Chaining, fan-out/fan-in, a durable timer, an external event, a sub-orchestration, entity calls
   * and signals, and concurrent locked transfers that conserve the total.
   */
  @Test
  void jsSdk_runsOrchestrationsThatCallSignalAndLockEntities() throws Exception {
    runScript("orchestration-interop.mjs");
  }

  private static void runScript(String script) throws Exception {
    requirePrerequisites();

    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60))) {
      Path log = Files.createTempFile("js-interop", ".log");
      ProcessBuilder command =
          new ProcessBuilder("node", script)
              .directory(JS_DIR.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      command.environment().put("DURABLE_HOST", "localhost:" + scheduler.port());
      Process node = command.start();
      node.getOutputStream().close();
      boolean finished = node.waitFor(120, TimeUnit.SECONDS);
      if (!finished) {
        node.destroyForcibly().waitFor();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);

      assertThat(finished).as("node finished within 120 s; output:%n%s", output).isTrue();
      assertThat(node.exitValue())
          .as("node exit code; output:%n%s%nscheduler:%n%s", output, scheduler.output())
          .isZero();
      assertThat(output).contains("INTEROP OK");
    }
  }

  private static void requirePrerequisites() throws IOException, InterruptedException {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean node = commandWorks("node", "--version");
    boolean sdk = Files.isDirectory(JS_DIR.resolve("node_modules/@microsoft/durabletask-js"));
    String missing =
        !node
            ? "Node.js is not on the PATH"
            : !sdk ? "the JS SDK is not installed: run npm ci in " + JS_DIR : null;
    if (ci && missing != null) {
      throw new IllegalStateException("CI=true and a prerequisite is missing: " + missing);
    }
    assumeTrue(missing == null, () -> "skipped: " + missing);
  }

  private static boolean commandWorks(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
