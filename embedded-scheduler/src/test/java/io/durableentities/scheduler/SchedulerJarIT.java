package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.operations;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as a process (after {@code package}). */
class SchedulerJarIT {

  @TempDir Path dataDir;

  private static final class JarProcess implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> seen = new ArrayList<>();

    JarProcess(String... args) throws IOException {
      Path jar = Path.of("target", "embedded-scheduler.jar");
      assertThat(jar).exists();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-jar");
      command.add(jar.toString());
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("(output closed: " + e + ")");
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for a line starting with {@code prefix}; returns the rest of it. */
    String await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          seen.add(line);
          if (line.startsWith(prefix)) {
            return line.substring(prefix.length()).trim();
          }
        } else if (!process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      throw new AssertionError("no line starting with '" + prefix + "' in " + seen);
    }

    int stop() throws InterruptedException {
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void jar_servesSignalsAndWorkItems_andStopsGracefully() throws Exception {
    try (JarProcess jar = new JarProcess("--port", "0", "--in-memory", "--no-dashboard")) {
      int port = Integer.parseInt(jar.await("Port:"));
      assertThat(jar.await("Connection string:"))
          .isEqualTo("Endpoint=http://localhost:" + port + ";Authentication=None");
      assertThat(jar.seen)
          .as("the jar ships a logging provider")
          .noneMatch(line -> line.startsWith("SLF4J"))
          .anyMatch(line -> line.contains("INFO io.durableentities.scheduler.EmbeddedScheduler"));
      ManagedChannel channel = SchedulerHarness.channel(port);
      try (TestWorker worker =
          new TestWorker(
              SchedulerHarness.channel(port), null, GetWorkItemsRequest.getDefaultInstance())) {
        var client = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
        client.signalEntity(SchedulerHarness.signalRequest("@counter@jar", "add", "1"));
        var item = worker.next();
        assertThat(operations(item)).containsExactly("add");
        worker.complete(resultAll(item, "1").build());
        assertThat(
                client
                    .getEntity(
                        GetEntityRequest.newBuilder()
                            .setInstanceId("@counter@jar")
                            .setIncludeState(true)
                            .build())
                    .getEntity()
                    .getSerializedState()
                    .getValue())
            .isEqualTo("1");
      } finally {
        channel.shutdownNow();
      }
      jar.stop();
    }
  }

  @Test
  void jar_acknowledgedSignalSurvivesSigterm_andDataDirIsLocked() throws Exception {
    try (JarProcess jar =
        new JarProcess("--port", "0", "--no-dashboard", "--data-dir", dataDir.toString())) {
      int port = Integer.parseInt(jar.await("Port:"));
      ManagedChannel channel = SchedulerHarness.channel(port);
      try {
        TaskHubSidecarServiceGrpc.newBlockingStub(channel)
            .signalEntity(SchedulerHarness.signalRequest("@counter@durable", "add", "1"));
      } finally {
        channel.shutdownNow();
      }
      try (JarProcess second =
          new JarProcess("--port", "0", "--no-dashboard", "--data-dir", dataDir.toString())) {
        assertThat(second.await("Could not start the scheduler:"))
            .contains("in use by another scheduler");
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(1);
      }
      jar.stop();
    }
    assertThat(Files.exists(dataDir.resolve("scheduler.db"))).isTrue();

    try (EmbeddedScheduler scheduler =
        EmbeddedScheduler.start(SchedulerOptions.newBuilder().dataDir(dataDir).build())) {
      ManagedChannel channel = SchedulerHarness.channel(scheduler.port());
      try {
        var page =
            TaskHubSidecarServiceGrpc.newBlockingStub(channel)
                .queryEntities(
                    QueryEntitiesRequest.newBuilder()
                        .setQuery(EntityQuery.newBuilder().setIncludeTransient(true))
                        .build());
        assertThat(page.getEntitiesList()).hasSize(1);
        assertThat(page.getEntities(0).getInstanceId()).isEqualTo("@counter@durable");
        assertThat(page.getEntities(0).getBacklogQueueSize()).isEqualTo(1);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /**
   * Deleting {@code scheduler.lock} does not free the data directory: a second process sees that
   * SQLite holds the database open and refuses to start, whether the first scheduler runs as a
   * process or in this JVM.
   */
  @Test
  void dataDirStaysLocked_whenItsLockFileIsDeleted() throws Exception {
    try (JarProcess first =
        new JarProcess("--port", "0", "--no-dashboard", "--data-dir", dataDir.toString())) {
      first.await("Port:");
      Files.delete(dataDir.resolve("scheduler.lock"));
      try (JarProcess second =
          new JarProcess("--port", "0", "--no-dashboard", "--data-dir", dataDir.toString())) {
        assertThat(second.await("Could not start the scheduler:"))
            .contains("in use by another scheduler")
            .contains("scheduler.db open");
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(1);
      }
      first.stop();
    }
    try (EmbeddedScheduler inThisJvm =
        EmbeddedScheduler.start(SchedulerOptions.newBuilder().dataDir(dataDir).build())) {
      Files.delete(dataDir.resolve("scheduler.lock"));
      try (JarProcess second =
          new JarProcess("--port", "0", "--no-dashboard", "--data-dir", dataDir.toString())) {
        assertThat(second.await("Could not start the scheduler:"))
            .contains("in use by another scheduler");
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(1);
      }
    }
  }

  @Test
  void jar_servesTheDashboardPagesAndApi() throws Exception {
    try (JarProcess jar = new JarProcess("--port", "0", "--in-memory", "--dashboard-port", "0")) {
      String url = jar.await("Dashboard:");
      assertThat(url).matches("http://localhost:\\d+/");
      DashboardHttp http = new DashboardHttp(java.net.URI.create(url).getPort());

      DashboardHttp.Answer page = http.get("/");
      DashboardHttp.Answer script = http.get("/assets/app.js");
      DashboardHttp.Answer style = http.get("/assets/app.css");
      DashboardHttp.Answer session = http.get("/api/session");

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.raw().body()).contains("Durable Entities");
      assertThat(script.status()).isEqualTo(200);
      assertThat(script.raw().body()).contains("function orchestrationsView");
      assertThat(style.status()).isEqualTo(200);
      assertThat(session.body().get("token").asText()).isNotEmpty();
      jar.stop();
    }
  }

  @Test
  void jar_unknownFlag_exitsWith2() throws Exception {
    try (JarProcess jar = new JarProcess("--frobnicate")) {
      assertThat(jar.await("Unknown option:")).isEqualTo("'--frobnicate'");
      assertThat(jar.await("Usage:")).startsWith("java -jar embedded-scheduler.jar");
      assertThat(jar.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(jar.process.exitValue()).isEqualTo(2);
    }
  }

  @Test
  void jar_help_printsTheOptions_andExitsWith0() throws Exception {
    try (JarProcess jar = new JarProcess("--help")) {
      assertThat(jar.await("Usage:")).startsWith("java -jar embedded-scheduler.jar");
      assertThat(jar.await("Exit status:")).isEmpty();
      assertThat(jar.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(jar.process.exitValue()).isZero();
    }
  }

  @Test
  void jar_version_printsTheArtifactVersion_andExitsWith0() throws Exception {
    try (JarProcess jar = new JarProcess("--version")) {
      assertThat(jar.await("embedded-scheduler")).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(jar.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(jar.process.exitValue()).isZero();
    }
  }
}
