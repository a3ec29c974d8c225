package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's work-item latency by kind under a small load of orchestrations that call activities,
 * against the in-process scheduler, read with an in-memory metric reader: one activity work item
 * per activity call, and at least one orchestrator episode per call plus the first.
 */
class WorkItemLatencyMetricsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int RUNS = 2;
  private static final int CALLS = 3;

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
          .build();

  @AfterEach
  void tearDown() {
    otel.close();
  }

  @Test
  void activityCalls_recordActivityAndOrchestratorWorkItemLatency() throws Exception {
    try (EmbeddedScheduler scheduler =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
        DurableWorker worker =
            DurableWorker.newBuilder(scheduler.connectionString())
                .extension(
                    OrchestrationWorker.of(
                        Orchestrations.newBuilder()
                            .orchestration(
                                "Echo3",
                                ctx -> {
                                  String said = ctx.input(String.class);
                                  for (int i = 0; i < CALLS; i++) {
                                    said = ctx.callActivity("Echo", said, String.class).await();
                                  }
                                  return said;
                                })
                            .activity("Echo", ctx -> ctx.input(String.class) + "!")
                            .build()))
                .openTelemetry(otel)
                .start();
        DurableClient durable = DurableClient.connect(scheduler.connectionString())) {
      OrchestrationClient client = OrchestrationClient.of(durable);

      for (int i = 0; i < RUNS; i++) {
        String id = client.scheduleNew("Echo3", "hi");
        assertThat(client.waitForCompletion(id, WAIT).status())
            .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      }
      Collection<MetricData> metrics = reader.collectAllMetrics();

      HistogramPointData activities = latency(metrics, "activity");
      assertThat(activities.getCount()).isEqualTo(RUNS * CALLS);
      assertThat(activities.getMin()).isGreaterThanOrEqualTo(0);
      assertThat(latency(metrics, "orchestrator").getCount())
          .as("an episode per activity result plus the first, per run")
          .isGreaterThanOrEqualTo(RUNS * (CALLS + 1));
    }
  }

  private static HistogramPointData latency(Collection<MetricData> metrics, String kind) {
    Attributes attributes =
        Attributes.of(AttributeKey.stringKey("durableentities.work_item.kind"), kind);
    return metrics.stream()
        .filter(m -> m.getName().equals("durableentities.work_item.duration"))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .filter(p -> p.getAttributes().equals(attributes))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no work-item latency of kind " + kind));
  }
}
