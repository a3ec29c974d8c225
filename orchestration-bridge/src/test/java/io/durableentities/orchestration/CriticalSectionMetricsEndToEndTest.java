package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Locked transfers against the in-process scheduler, measured with an in-memory metric reader: each
 * transfer records one lock wait and one critical section, although every later episode of the
 * orchestration replays the grant (a transfer runs several episodes: lock, withdraw, deposit and
 * the balances), and the orchestrator work items have their latency.
 */
class CriticalSectionMetricsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Attributes TRANSFER =
      Attributes.of(AttributeKey.stringKey("durableentities.orchestration.name"), "Transfer");

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
          .build();
  private EmbeddedScheduler scheduler;
  private DurableWorker worker;
  private DurableClient durable;

  @AfterEach
  void tearDown() {
    if (durable != null) {
      durable.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    otel.close();
  }

  @Test
  void eachTransfer_recordsOneLockWaitAndOneCriticalSection_despiteReplays() throws Exception {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(AccountEntity.class)
            .extension(
                OrchestrationWorker.of(
                    Orchestrations.newBuilder().orchestration("Transfer", new Transfer()).build()))
            .openTelemetry(otel)
            .shutdownTimeout(Duration.ofSeconds(10))
            .start();
    durable = DurableClient.connect(scheduler.connectionString());
    OrchestrationClient client = OrchestrationClient.of(durable);
    durable
        .entities()
        .call(EntityInstanceId.of("account", "a"), "deposit", 1_000, Void.class, WAIT);

    for (int i = 0; i < 2; i++) {
      String id = client.scheduleNew("Transfer", new Transfer.Request("a", "b", 10));
      assertThat(client.waitForCompletion(id, WAIT).status())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    }
    Collection<MetricData> metrics = reader.collectAllMetrics();

    HistogramPointData lockWait =
        histogram(metrics, "durableentities.critical_section.lock_wait.duration", TRANSFER)
            .orElseThrow();
    assertThat(lockWait.getCount()).isEqualTo(2);
    assertThat(lockWait.getMin()).isGreaterThanOrEqualTo(0);
    HistogramPointData section =
        histogram(metrics, "durableentities.critical_section.duration", TRANSFER).orElseThrow();
    assertThat(section.getCount()).isEqualTo(2);
    assertThat(section.getMin()).isGreaterThanOrEqualTo(0);
    assertThat(
            histogram(
                    metrics,
                    "durableentities.work_item.duration",
                    Attributes.of(
                        AttributeKey.stringKey("durableentities.work_item.kind"), "orchestrator"))
                .orElseThrow()
                .getCount())
        .as("several episodes per transfer")
        .isGreaterThan(4);
  }

  private static Optional<HistogramPointData> histogram(
      Collection<MetricData> metrics, String name, Attributes attributes) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getHistogramData().getPoints().stream())
        .filter(p -> p.getAttributes().equals(attributes))
        .findFirst();
  }
}
