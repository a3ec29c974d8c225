package io.durableentities.orchestration;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.opentelemetry.api.OpenTelemetry;

/**
 * What the tracing tests run a locked transfer on: an in-memory embedded scheduler, a worker
 * hosting {@link AccountEntity} and the {@link Transfer} orchestration, and a client, all three on
 * the test's OpenTelemetry.
 */
final class TracedTransferRig implements AutoCloseable {

  final EmbeddedScheduler scheduler;
  final DurableWorker worker;
  final DurableClient durable;
  final OrchestrationClient client;

  /**
   * Starts the scheduler, the worker and the client.
   *
   * @param otel the test's OpenTelemetry
   */
  TracedTransferRig(OpenTelemetry otel) {
    scheduler =
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder().inMemory().openTelemetry(otel).build());
    DurableWorker startedWorker = null;
    try {
      startedWorker =
          DurableWorker.newBuilder(scheduler.connectionString())
              .openTelemetry(otel)
              .entity(AccountEntity.class)
              .extension(
                  OrchestrationWorker.of(
                      Orchestrations.newBuilder()
                          .orchestration("Transfer", new Transfer())
                          .build()))
              .start();
      durable = DurableClient.newBuilder(scheduler.connectionString()).openTelemetry(otel).build();
    } catch (RuntimeException e) {
      if (startedWorker != null) {
        startedWorker.close();
      }
      scheduler.close();
      throw e;
    }
    worker = startedWorker;
    client = OrchestrationClient.of(durable);
  }

  @Override
  public void close() {
    try (EmbeddedScheduler s = scheduler;
        DurableWorker w = worker;
        DurableClient c = durable) {
      // closed in reverse order: the client, the worker, then the scheduler
    }
  }
}
