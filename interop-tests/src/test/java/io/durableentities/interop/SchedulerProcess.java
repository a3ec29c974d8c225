package io.durableentities.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduler jar started as a separate process on a free port, in memory or on a data directory.
 * Shared with {@code interop-tests-java-sdk} through this module's test jar.
 */
public final class SchedulerProcess implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("^Port: (\\d+)$");

  private final Process process;
  private final int port;
  private final ProcessOutput output;

  private SchedulerProcess(Process process, int port, ProcessOutput output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /**
   * Starts {@code java -jar embedded-scheduler.jar --port 0 --in-memory} and waits for its port.
   */
  public static SchedulerProcess start(Duration timeout) throws IOException, InterruptedException {
    return start(timeout, "--in-memory");
  }

  /**
   * Starts {@code java -jar embedded-scheduler.jar --port 0 --data-dir DIR} and waits for its port.
   */
  public static SchedulerProcess start(Duration timeout, Path dataDir)
      throws IOException, InterruptedException {
    return start(timeout, "--data-dir", dataDir.toString());
  }

  /**
   * Starts {@code java -jar embedded-scheduler.jar --port 0 --in-memory ARGS} with further
   * environment variables (e.g. TLS options and the token's variable) and waits for its port.
   */
  public static SchedulerProcess start(
      Duration timeout, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--in-memory"));
    all.addAll(List.of(args));
    return launch(timeout, environment, all);
  }

  private static SchedulerProcess start(Duration timeout, String... storage)
      throws IOException, InterruptedException {
    return launch(timeout, Map.of(), List.of(storage));
  }

  private static SchedulerProcess launch(
      Duration timeout, Map<String, String> environment, List<String> storage)
      throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("scheduler.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "scheduler jar " + jar + " is missing: build embedded-scheduler first (mvn package)");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.addAll(List.of(java.toString(), "-jar", jar.toString(), "--port", "0"));
    command.addAll(storage);
    command.add("--no-dashboard");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    ProcessOutput output = ProcessOutput.follow(process, "scheduler-output");
    Optional<Matcher> port = output.await(PORT, timeout);
    if (port.isEmpty()) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "scheduler did not report its port within " + timeout + ":\n" + output.text());
    }
    return new SchedulerProcess(process, Integer.parseInt(port.get().group(1)), output);
  }

  /**
   * Returns the gRPC port.
   *
   * @return the port the scheduler listens on
   */
  public int port() {
    return port;
  }

  /**
   * Returns a connection string for our client and worker.
   *
   * @return {@code Endpoint=http://localhost:PORT;Authentication=None}
   */
  public String connectionString() {
    return "Endpoint=http://localhost:" + port + ";Authentication=None";
  }

  /** Kills the process with SIGKILL: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /**
   * Returns what the process printed so far.
   *
   * @return stdout and stderr lines
   */
  public String output() {
    return output.text();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
