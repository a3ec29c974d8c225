package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's and the client's metrics under a small load against the in-process scheduler: N
 * signals are N acknowledged signals and N operations by outcome, the batches' sizes add up to N,
 * each entity work item has a latency, an unknown operation is counted under {@code _OTHER}, and a
 * refused signal is counted as failed with its status code.
 */
class WorkerMetricsEndToEndTest {

  private static final AttributeKey<String> ENTITY =
      AttributeKey.stringKey("durableentities.entity.name");
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("durableentities.operation.name");
  private static final AttributeKey<String> OUTCOME =
      AttributeKey.stringKey("durableentities.operation.outcome");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** A counter that refuses to go negative. */
  public static final class CounterEntity extends TaskEntity<Long> {
    public void add(long amount) {
      if (state + amount < 0) {
        throw new IllegalStateException("a counter never goes below zero");
      }
      state += amount;
    }
  }

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
          .build();
  private EmbeddedScheduler scheduler;
  private DurableWorker worker;
  private DurableClient client;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
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
  void signals_countAsAcknowledged_operationsByOutcome_andBatchesAddUp() {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(CounterEntity.class)
            .openTelemetry(otel)
            .shutdownTimeout(Duration.ofSeconds(10))
            .start();
    client = DurableClient.newBuilder(scheduler.connectionString()).openTelemetry(otel).build();
    EntityInstanceId id = EntityInstanceId.of("counter", "c1");

    for (int i = 0; i < 6; i++) {
      client.entities().signal(id, "add", 1);
    }
    client.entities().signal(id, "add", -100);
    client.entities().signal(id, "add", -100);
    client.entities().signal(id, "subtract", 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Collection<MetricData> now = reader.collectAllMetrics();
              assertThat(
                      sum(
                          now,
                          "durableentities.entity.operations",
                          Attributes.of(ENTITY, "counter")))
                  .isEqualTo(9);
              assertThat(histograms(now, "durableentities.work_item.duration"))
                  .as("each batch's completion was sent")
                  .singleElement()
                  .extracting(HistogramPointData::getCount)
                  .isEqualTo(
                      histograms(now, "durableentities.entity.batch.size").get(0).getCount());
            });
    Collection<MetricData> metrics = reader.collectAllMetrics();

    assertThat(
            sum(
                metrics,
                "durableentities.client.signals",
                Attributes.of(
                    ENTITY,
                    "counter",
                    AttributeKey.stringKey("durableentities.signal.outcome"),
                    "acknowledged")))
        .isEqualTo(9);
    assertThat(
            sum(
                metrics,
                "durableentities.entity.operations",
                Attributes.of(ENTITY, "counter", OPERATION, "add", OUTCOME, "success")))
        .isEqualTo(6);
    assertThat(
            sum(
                metrics,
                "durableentities.entity.operations",
                Attributes.of(
                    ENTITY,
                    "counter",
                    OPERATION,
                    "add",
                    OUTCOME,
                    "failure",
                    ERROR_TYPE,
                    IllegalStateException.class.getName())))
        .isEqualTo(2);
    assertThat(
            sum(
                metrics,
                "durableentities.entity.operations",
                Attributes.of(ENTITY, "counter", OPERATION, "_OTHER", OUTCOME, "failure")))
        .as("an operation the entity lacks is not a series of its own")
        .isEqualTo(1);
    List<HistogramPointData> batches = histograms(metrics, "durableentities.entity.batch.size");
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).getAttributes()).isEqualTo(Attributes.of(ENTITY, "counter"));
    assertThat(batches.get(0).getSum()).isEqualTo(9);
    List<HistogramPointData> latency = histograms(metrics, "durableentities.work_item.duration");
    assertThat(latency)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(
                      p.getAttributes()
                          .get(AttributeKey.stringKey("durableentities.work_item.kind")))
                  .isEqualTo("entity");
              assertThat(p.getCount()).isEqualTo(batches.get(0).getCount());
            });
  }

  @Test
  void aRefusedSignal_countsAsFailed_withItsStatusCode() {
    scheduler =
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder().inMemory().maxMessageBytes(64 * 1024).build());
    client =
        DurableClient.newBuilder(scheduler.connectionString())
            .openTelemetry(otel)
            .retryPolicy(ClientRetryPolicy.none())
            .build();

    assertThatThrownBy(
        () ->
            client
                .entities()
                .signal(EntityInstanceId.of("counter", "big"), "add", "x".repeat(200_000)));

    List<PointData> failed =
        points(reader.collectAllMetrics(), "durableentities.client.signals").stream()
            .filter(
                p ->
                    "failed"
                        .equals(
                            p.getAttributes()
                                .get(AttributeKey.stringKey("durableentities.signal.outcome"))))
            .toList();
    assertThat(failed)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(((LongPointData) p).getValue()).isEqualTo(1);
              assertThat(p.getAttributes().get(ENTITY)).isEqualTo("counter");
              assertThat(p.getAttributes().get(ERROR_TYPE)).isNotBlank().isNotEqualTo("OK");
            });
  }

  private static List<PointData> points(Collection<MetricData> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getData().getPoints().stream())
        .map(p -> (PointData) p)
        .toList();
  }

  /** The sum of the counter's points whose attributes include {@code attributes}. */
  private static long sum(Collection<MetricData> metrics, String name, Attributes attributes) {
    return points(metrics, name).stream()
        .filter(
            p -> p.getAttributes().asMap().entrySet().containsAll(attributes.asMap().entrySet()))
        .mapToLong(p -> ((LongPointData) p).getValue())
        .sum();
  }

  private static List<HistogramPointData> histograms(Collection<MetricData> metrics, String name) {
    return points(metrics, name).stream().map(p -> (HistogramPointData) p).toList();
  }
}
