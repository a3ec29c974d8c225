package io.durableentities.samples.counters.docs;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.opentelemetry.api.OpenTelemetry;

/**
 * The observability page's example of passing an OpenTelemetry instance explicitly: compiled, not
 * run here (the traces it produces are asserted by orchestration-bridge's {@code
 * TracingEndToEndTest} and the interop tests' {@code Tracing*IT}).
 */
final class ObservabilityExample {

  private ObservabilityExample() {}

  static void explicitInstance(OpenTelemetry otel) throws Exception {
    // docs:start open-telemetry
    // otel: e.g. OpenTelemetrySdk.builder()...build(), or OpenTelemetry.noop() to turn it off
    try (EmbeddedScheduler scheduler =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().openTelemetry(otel).build());
        DurableWorker worker =
            DurableWorker.newBuilder(scheduler.connectionString())
                .openTelemetry(otel)
                .entity(CounterEntity.class)
                .start();
        DurableClient client =
            DurableClient.newBuilder(scheduler.connectionString()).openTelemetry(otel).build()) {
      client.entities().signal(Counter.class, "c1").add(5);
    }
    // docs:end open-telemetry
  }
}
