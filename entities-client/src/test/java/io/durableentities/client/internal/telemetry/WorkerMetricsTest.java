package io.durableentities.client.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.WorkItem;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/**
 * Without an SDK nothing is measured (the handlers skip their bookkeeping); with one, each kind of
 * work item and each critical-section figure lands on its own series.
 */
class WorkerMetricsTest {

  @Test
  void noop_measuresNothing() {
    WorkerMetrics metrics = Telemetry.of(OpenTelemetry.noop()).workerMetrics();

    assertThat(metrics.measuresBatches()).isFalse();
    assertThat(metrics.measuresCriticalSections()).isFalse();
    assertThat(Telemetry.noop().workerMetrics().measuresBatches()).isFalse();
  }

  @Test
  void sdk_recordsWorkItemsByKind_andCriticalSectionsByOrchestration() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build()) {
      WorkerMetrics metrics = Telemetry.of(sdk).workerMetrics();
      long received = System.nanoTime();

      metrics.workItemCompleted(WorkItem.RequestCase.ENTITYREQUESTV2, received);
      metrics.workItemCompleted(WorkItem.RequestCase.ENTITYREQUEST, received);
      metrics.workItemCompleted(WorkItem.RequestCase.ORCHESTRATORREQUEST, received);
      metrics.workItemCompleted(WorkItem.RequestCase.HEALTHPING, received);
      metrics.lockWait("transfer", 1500);
      metrics.criticalSection("transfer", 250);
      Collection<MetricData> collected = reader.collectAllMetrics();

      assertThat(metrics.measuresBatches()).isTrue();
      assertThat(count(collected, "durableentities.work_item.duration", kind("entity")))
          .isEqualTo(2);
      assertThat(count(collected, "durableentities.work_item.duration", kind("orchestrator")))
          .isEqualTo(1);
      Attributes transfer =
          Attributes.of(AttributeKey.stringKey("durableentities.orchestration.name"), "transfer");
      assertThat(
              point(collected, "durableentities.critical_section.lock_wait.duration", transfer)
                  .getSum())
          .isEqualTo(1.5);
      assertThat(point(collected, "durableentities.critical_section.duration", transfer).getSum())
          .isEqualTo(0.25);
    }
  }

  private static Attributes kind(String kind) {
    return Attributes.of(AttributeKey.stringKey("durableentities.work_item.kind"), kind);
  }

  private static long count(Collection<MetricData> metrics, String name, Attributes attributes) {
    return point(metrics, name, attributes).getCount();
  }

  private static HistogramPointData point(
      Collection<MetricData> metrics, String name, Attributes attributes) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .filter(p -> p.getAttributes().equals(attributes))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " point with " + attributes));
  }
}
