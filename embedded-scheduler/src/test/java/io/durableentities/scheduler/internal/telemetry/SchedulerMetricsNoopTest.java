package io.durableentities.scheduler.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Without an SDK the scheduler's metrics cost nothing: no instrument is enabled, so the facade
 * skips its signal bookkeeping, and the engine is never asked for readings; with an SDK it is, once
 * per collection.
 */
class SchedulerMetricsNoopTest {

  @Test
  void noop_countsNothing_andNeverAsksTheEngine() {
    AtomicInteger reads = new AtomicInteger();
    SchedulerMetrics metrics =
        new SchedulerMetrics(
            OpenTelemetry.noop().getMeter("io.durableentities"),
            null,
            10,
            () -> {
              reads.incrementAndGet();
              return CompletableFuture.completedFuture(GaugeReadings.NONE);
            });

    metrics.signalAcknowledged("default", "@counter@a");
    metrics.groupCommitted(3, 1_000);
    metrics.close();

    assertThat(metrics.countsSignals()).isFalse();
    assertThat(reads).hasValue(0);
  }

  @Test
  void sdk_asksTheEngineOncePerCollection() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    AtomicInteger reads = new AtomicInteger();
    try (SdkMeterProvider meters =
        SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      SchedulerMetrics metrics =
          new SchedulerMetrics(
              meters.get("io.durableentities"),
              null,
              10,
              () -> {
                reads.incrementAndGet();
                return CompletableFuture.completedFuture(GaugeReadings.NONE);
              });

      reader.collectAllMetrics();
      reader.collectAllMetrics();
      metrics.close();
      reader.collectAllMetrics();

      assertThat(metrics.countsSignals()).isTrue();
      assertThat(reads).as("not after close").hasValue(2);
    }
  }
}
