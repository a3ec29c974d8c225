package io.durableentities.benchmarks.runner;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real product in this process, all with default settings: the embedded scheduler on a data
 * directory (default durability, {@code synchronous=FULL}), a worker hosting the benchmark entities
 * and orchestrations, and a client.
 */
final class ProductHarness implements AutoCloseable {

  private final EmbeddedScheduler scheduler;
  private final DurableWorker worker;
  private final DurableClient client;

  private ProductHarness(EmbeddedScheduler scheduler, DurableWorker worker, DurableClient client) {
    this.scheduler = scheduler;
    this.worker = worker;
    this.client = client;
  }

  /** Starts scheduler, worker and client on a data directory, without an OpenTelemetry SDK. */
  static ProductHarness start(Path dataDir) throws InterruptedException {
    return start(dataDir, OpenTelemetry.noop());
  }

  /**
   * Starts scheduler, worker and client on a data directory, all three with the given OpenTelemetry
   * (the API's no-op one: no SDK).
   */
  static ProductHarness start(Path dataDir, OpenTelemetry otel) throws InterruptedException {
    EmbeddedScheduler scheduler =
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder().dataDir(dataDir).openTelemetry(otel).build());
    DurableWorker worker = null;
    try {
      worker = startWorker(scheduler.connectionString(), otel);
      DurableClient client =
          DurableClient.newBuilder(scheduler.connectionString()).openTelemetry(otel).build();
      return new ProductHarness(scheduler, worker, client);
    } catch (RuntimeException | InterruptedException e) {
      if (worker != null) {
        worker.close();
      }
      scheduler.close();
      throw e;
    }
  }

  /** Starts a worker with the benchmark entities and orchestrations and waits until connected. */
  static DurableWorker startWorker(EmbeddedScheduler scheduler) throws InterruptedException {
    return startWorker(scheduler.connectionString());
  }

  /**
   * Starts a worker with the benchmark entities and orchestrations on a scheduler reached by its
   * connection string, and waits until connected.
   */
  static DurableWorker startWorker(String connectionString) throws InterruptedException {
    return startWorker(connectionString, OpenTelemetry.noop());
  }

  private static DurableWorker startWorker(String connectionString, OpenTelemetry otel)
      throws InterruptedException {
    DurableWorker worker =
        DurableWorker.newBuilder(connectionString)
            .openTelemetry(otel)
            .entity(CounterEntity.class)
            .entity(AccountEntity.class)
            .extension(OrchestrationWorker.of(BenchOrchestrations.registry()))
            .start();
    if (!worker.awaitConnected(Duration.ofSeconds(30))) {
      worker.close();
      throw new IllegalStateException("the worker did not connect to the scheduler within 30 s");
    }
    return worker;
  }

  EmbeddedScheduler scheduler() {
    return scheduler;
  }

  DurableClient client() {
    return client;
  }

  OrchestrationClient orchestrations() {
    return OrchestrationClient.of(client);
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      try {
        worker.close();
      } finally {
        scheduler.close();
      }
    }
  }
}
