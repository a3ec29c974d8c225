package io.durableentities.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scheduler jar started as a separate process on a free port, in memory. */
final class SchedulerProcess implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("^Port: (\\d+)$");

  private final Process process;
  private final int port;
  private final List<String> output;

  private SchedulerProcess(Process process, int port, List<String> output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /**
   * Starts {@code java -jar embedded-scheduler.jar --port 0 --in-memory} and waits for its port.
   */
  static SchedulerProcess start(Duration timeout) throws IOException, InterruptedException {
    return start(timeout, "--in-memory");
  }

  /**
   * Starts {@code java -jar embedded-scheduler.jar --port 0 --data-dir DIR} and waits for its port.
   */
  static SchedulerProcess start(Duration timeout, Path dataDir)
      throws IOException, InterruptedException {
    return start(timeout, "--data-dir", dataDir.toString());
  }

  private static SchedulerProcess start(Duration timeout, String... storage)
      throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("scheduler.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "scheduler jar " + jar + " is missing: build embedded-scheduler first (mvn package)");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.addAll(List.of(java.toString(), "-jar", jar.toString(), "--port", "0"));
    command.addAll(List.of(storage));
    command.add("--no-dashboard");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher matcher = PORT.matcher(line.trim());
                  if (matcher.matches()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                  }
                }
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
              port.completeExceptionally(new IllegalStateException("scheduler exited early"));
            },
            "scheduler-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new SchedulerProcess(
          process, port.get(timeout.toMillis(), TimeUnit.MILLISECONDS), output);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("scheduler did not report its port: " + output, e);
    }
  }

  int port() {
    return port;
  }

  String connectionString() {
    return "Endpoint=http://localhost:" + port + ";Authentication=None";
  }

  /** Kills the process with SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
