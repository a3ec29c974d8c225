package io.durableentities.benchmarks.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.durableentities.scheduler.SchedulerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scheduler as its own process, as a user runs the jar ({@link SchedulerMain}, the jar's main
 * class, on this JVM's class path, with its own {@code -Xmx}), so that its heap and RSS are the
 * scheduler's alone. Its stdout and stderr go to a log file; the banner gives the ports.
 */
final class SchedulerProcess implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("^Port: (\\d+)");
  private static final Pattern DASHBOARD = Pattern.compile("^Dashboard: (http://\\S+?)/?$");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final int port;
  private final URI dashboard;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private SchedulerProcess(Process process, Path dataDir, Path log, int port, URI dashboard) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.port = port;
    this.dashboard = dashboard;
  }

  /**
   * Starts the scheduler process and waits until it listens.
   *
   * @param heapMib its {@code -Xmx}
   * @param dataDir its data directory
   * @param log where its output goes
   * @param schedulerArgs the scheduler's own options (memory and retention settings)
   */
  static SchedulerProcess start(int heapMib, Path dataDir, Path log, List<String> schedulerArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heapMib + "m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SchedulerMain.class.getName());
    command.addAll(
        List.of("--port", "0", "--dashboard-port", "0", "--data-dir", dataDir.toString()));
    command.addAll(schedulerArgs);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(log, String.join(" ", command) + System.lineSeparator());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<int[]> port = new CompletableFuture<>();
    CompletableFuture<URI> dashboard = new CompletableFuture<>();
    Thread pump = new Thread(() -> pump(process, log, port, dashboard), "scheduler-output");
    pump.setDaemon(true);
    pump.start();
    try {
      int p = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)[0];
      URI d = dashboard.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new SchedulerProcess(process, dataDir, log, p, d);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the scheduler process did not start within "
              + START_TIMEOUT
              + " (exit status "
              + (process.isAlive() ? "none, still running" : process.exitValue())
              + "); its output is in "
              + log,
          e);
    }
  }

  /** Copies the process's output to the log and reads the ports from its banner. */
  private static void pump(
      Process process, Path log, CompletableFuture<int[]> port, CompletableFuture<URI> dashboard) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        Files.writeString(
            log,
            line + System.lineSeparator(),
            java.nio.file.StandardOpenOption.APPEND,
            java.nio.file.StandardOpenOption.CREATE);
        Matcher m = PORT.matcher(line);
        if (m.find()) {
          port.complete(new int[] {Integer.parseInt(m.group(1))});
        }
        Matcher d = DASHBOARD.matcher(line);
        if (d.find()) {
          dashboard.complete(URI.create(d.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(e);
      dashboard.completeExceptionally(e);
    }
    IllegalStateException ended = new IllegalStateException("the scheduler process ended");
    port.completeExceptionally(ended);
    dashboard.completeExceptionally(ended);
  }

  /** The connection string for clients and workers. */
  String connectionString() {
    return "Endpoint=http://localhost:" + port + ";Authentication=None";
  }

  long pid() {
    return process.pid();
  }

  Path dataDir() {
    return dataDir;
  }

  /** Fails when the process has ended, naming its exit status and whether it ran out of memory. */
  void checkAlive() throws IOException {
    if (!process.isAlive()) {
      boolean oom;
      try (Stream<String> lines = Files.lines(log)) {
        oom = lines.anyMatch(l -> l.contains("OutOfMemoryError"));
      }
      throw new IllegalStateException(
          "the scheduler process ended with status "
              + process.exitValue()
              + (oom ? " after an OutOfMemoryError" : "")
              + "; its output is in "
              + log);
    }
  }

  /** The process's resident set size ({@code VmRSS} in {@code /proc/<pid>/status}), in bytes. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
  }

  /** How many entities the scheduler holds in memory ({@code GET /api/memory}). */
  long residentEntities() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(dashboard.resolve("/api/memory"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /api/memory answered " + r.statusCode() + ": " + r.body());
    }
    return json.readTree(r.body()).path("residentEntities").asLong(-1);
  }

  /** The size of the data directory's files (database, WAL, shared memory), in bytes. */
  long databaseBytes() throws IOException {
    return databaseBytes(dataDir);
  }

  /** The size of a data directory's files, in bytes. */
  static long databaseBytes(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          total += Files.size(f);
        }
      }
    }
    return total;
  }

  /**
   * Stops the process as an operator does (SIGTERM: it writes what is queued and closes the
   * database) and waits for it to exit.
   *
   * @return the exit status
   */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the scheduler process did not stop within 2 minutes of SIGTERM; killed. Output: " + log);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
