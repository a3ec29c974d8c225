package io.durableentities.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A script of {@code interop-tests/js} run by Node.js as a child process, with {@code DURABLE_HOST}
 * pointing at a scheduler.
 *
 * <p>Needs Node.js and {@code npm ci} in {@code interop-tests/js} ({@code .ci/run} does both).
 * {@link #requirePrerequisites()} skips a test where they are missing, except with {@code CI=true},
 * where a missing prerequisite fails.
 */
final class NodeScript implements AutoCloseable {

  private static final Path JS_DIR = Path.of(System.getProperty("interop.js.dir"));

  private final String script;
  private final Process process;
  private final ProcessOutput output;

  private NodeScript(String script, Process process, ProcessOutput output) {
    this.script = script;
    this.process = process;
    this.output = output;
  }

  /**
   * Starts {@code node SCRIPT} in {@code interop-tests/js}.
   *
   * @param script the file name
   * @param scheduler the scheduler it talks to
   * @param environment further environment variables
   * @return the running script
   * @throws IOException if node cannot start
   */
  static NodeScript start(
      String script, SchedulerProcess scheduler, Map<String, String> environment)
      throws IOException {
    ProcessBuilder command =
        new ProcessBuilder("node", script).directory(JS_DIR.toFile()).redirectErrorStream(true);
    command.environment().put("DURABLE_HOST", "localhost:" + scheduler.port());
    command.environment().putAll(environment);
    Process process = command.start();
    process.getOutputStream().close();
    return new NodeScript(script, process, ProcessOutput.follow(process, "node-" + script));
  }

  /**
   * Waits for a line that the pattern matches entirely.
   *
   * @param pattern the line pattern
   * @param timeout how long to wait
   * @throws AssertionError if the script ends or the time runs out first
   * @throws InterruptedException if interrupted
   */
  void awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    if (output.await(pattern, timeout).isEmpty()) {
      throw new AssertionError(
          script + " printed no line matching " + pattern + " within " + timeout + ":\n" + output);
    }
  }

  /**
   * Waits for the script to exit and requires exit code 0 and a line {@code INTEROP OK ...}.
   *
   * @param timeout how long to wait
   * @param scheduler the scheduler, whose output a failure shows
   * @return the {@code INTEROP OK} line
   * @throws InterruptedException if interrupted
   */
  String awaitSuccess(Duration timeout, SchedulerProcess scheduler) throws InterruptedException {
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    var ok = output.await(Pattern.compile("INTEROP OK.*"), Duration.ofSeconds(10));
    if (!finished || process.exitValue() != 0 || ok.isEmpty()) {
      throw new AssertionError(
          String.format(
              "%s %s; output:%n%s%nscheduler:%n%s",
              script,
              finished ? "exited with " + process.exitValue() : "did not finish within " + timeout,
              output.text(),
              scheduler.output()));
    }
    return ok.get().group();
  }

  /**
   * Kills the script with SIGKILL: the SDK's worker gets no chance to finish or abandon anything.
   *
   * @throws InterruptedException if interrupted
   */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return output.text();
  }

  /**
   * Skips the test where Node.js or the JS SDK is missing, or fails it with {@code CI=true}.
   *
   * @throws InterruptedException if interrupted
   */
  static void requirePrerequisites() throws InterruptedException {
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
