package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.WorkItem;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's metrics under a small load, read with an in-memory metric reader: signals
 * counted, queue depth and age rising while no worker is connected and falling to zero after, the
 * lease while a batch, an orchestrator episode or an activity is in flight, commit groups recorded,
 * and the database size of a data directory.
 */
class SchedulerMetricsTest {

  private static final Attributes COUNTER =
      Attributes.of(
          AttributeKey.stringKey("durableentities.task_hub"),
          "default",
          AttributeKey.stringKey("durableentities.entity.name"),
          "counter");

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meters =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setMeterProvider(meters).build();
  private SchedulerHarness h;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (h != null) {
      h.close();
    }
    otel.close();
  }

  @Test
  void signalsWithoutWorker_raiseQueueDepthAndAge_andDrainToZeroAfterTheBatch() throws Exception {
    h = new SchedulerHarness(b -> b.openTelemetry(otel));
    int n = 5;

    for (int i = 0; i < n; i++) {
      h.signal("@Counter@k" + (i % 2), "add", "1");
    }
    h.clock.advance(Duration.ofSeconds(30));
    Collection<MetricData> queued = reader.collectAllMetrics();

    assertThat(sum(queued, "durableentities.scheduler.signals", COUNTER)).isEqualTo(n);
    assertThat(gauge(queued, "durableentities.scheduler.queue.depth", COUNTER)).contains(5L);
    assertThat(doubleGauge(queued, "durableentities.scheduler.queue.oldest_message.age", COUNTER))
        .contains(30.0);
    assertThat(sum(queued, "durableentities.scheduler.entity.resident.count", Attributes.empty()))
        .isEqualTo(2);
    HistogramPointData groups =
        histogram(queued, "durableentities.scheduler.commit.group.size").orElseThrow();
    assertThat(groups.getSum())
        .as("every signal was in a committed group")
        .isGreaterThanOrEqualTo(n);
    assertThat(
            histogram(queued, "durableentities.scheduler.commit.duration").orElseThrow().getCount())
        .isEqualTo(groups.getCount());

    TestWorker worker = h.workerFor("counter");
    WorkItem first = worker.next();
    Collection<MetricData> inFlight = reader.collectAllMetrics();
    assertThat(sum(inFlight, "durableentities.scheduler.lease.count", leases("entity")))
        .as("one batch per entity may be in flight")
        .isBetween(1L, 2L);

    worker.complete(resultAll(first, "1").build());
    worker.complete(resultAll(worker.next(), "1").build());
    awaitEmptyQueuesAndNoLeases(COUNTER);
  }

  @Test
  void queueDepth_countsTheSpilledMessages_andTheirAgeOnlyWhereMemoryHoldsSome() throws Exception {
    h = SchedulerHarness.evictingIdleEntities(b -> b.openTelemetry(otel).maxResidentEntities(3));
    int entities = 20;
    for (String name : new String[] {"counter", "other"}) {
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < entities; i++) {
          h.signal("@" + name + "@k" + i, "add", "1");
        }
      }
    }
    Collection<MetricData> queued = reader.collectAllMetrics();

    assertThat(h.scheduler.residentEntities()).as("most are spilled").isLessThanOrEqualTo(3);
    assertThat(gauge(queued, "durableentities.scheduler.queue.depth", COUNTER))
        .as("in memory and on disk")
        .contains(2L * entities);
    Attributes other =
        Attributes.of(
            AttributeKey.stringKey("durableentities.task_hub"),
            "default",
            AttributeKey.stringKey("durableentities.entity.name"),
            "other");
    assertThat(gauge(queued, "durableentities.scheduler.queue.depth", other))
        .as("a name whose messages are all on disk")
        .contains(2L * entities);
    assertThat(doubleGauge(queued, "durableentities.scheduler.queue.oldest_message.age", other))
        .as("no age: memory holds none of its messages")
        .isEmpty();

    TestWorker worker = h.workerFor("counter", "other");
    int applied = 0;
    while (applied < 4 * entities) {
      WorkItem item = worker.next();
      applied +=
          item.hasEntityRequestV2()
              ? item.getEntityRequestV2().getOperationRequestsCount()
              : item.getEntityRequest().getOperationsCount();
      worker.complete(resultAll(item, "1").build());
    }
    awaitEmptyQueuesAndNoLeases(COUNTER, other);
  }

  /** Waits until the queue-depth gauge of each name reads 0 and no entity lease is held. */
  private void awaitEmptyQueuesAndNoLeases(Attributes... names) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Collection<MetricData> drained = reader.collectAllMetrics();
              for (Attributes name : names) {
                assertThat(gauge(drained, "durableentities.scheduler.queue.depth", name))
                    .as("%s", name)
                    .contains(0L);
              }
              assertThat(sum(drained, "durableentities.scheduler.lease.count", leases("entity")))
                  .isZero();
            });
  }

  @Test
  void queueDepth_afterARestart_countsTheStoredQueuesThePagerHasNotRead(@TempDir Path dataDir)
      throws Exception {
    int entities = 30;
    try (SchedulerHarness before = new SchedulerHarness(b -> b.dataDir(dataDir))) {
      for (int i = 0; i < entities; i++) {
        before.signal("@counter@k" + i, "add", "1");
      }
    }
    h = new SchedulerHarness(b -> b.dataDir(dataDir).maxResidentEntities(3).openTelemetry(otel));

    // No reading while the stored queues' keys are being copied (rather than a low one), then
    // every stored message, in memory or not.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        gauge(
                            reader.collectAllMetrics(),
                            "durableentities.scheduler.queue.depth",
                            COUNTER))
                    .as("the stored queues, read by the pager or not")
                    .contains((long) entities));
    assertThat(h.scheduler.residentEntities())
        .as("the pager waits for room")
        .isLessThanOrEqualTo(3);
  }

  @Test
  void orchestratorAndActivityLeases_countWhileInFlight_andDropWhenCompleted() throws Exception {
    h = new SchedulerHarness(b -> b.openTelemetry(otel));
    h.client.startInstance(Orch.start("o1", "Chain", null).build());

    try (TestWorker worker = h.worker()) {
      WorkItem episode = worker.nextOrchestration();
      Collection<MetricData> episodeLeased = reader.collectAllMetrics();
      worker.completeOrchestrator(Orch.response(episode, Orch.scheduleTask(0, "Say", "1")).build());
      WorkItem activity = worker.nextActivity();
      Collection<MetricData> activityLeased = reader.collectAllMetrics();
      worker.completeActivity(Orch.activityResult(activity, "\"hi\"").build());
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.complete(1, "\"done\"")).build());
      Collection<MetricData> done = reader.collectAllMetrics();

      assertThat(
              sum(episodeLeased, "durableentities.scheduler.lease.count", leases("orchestrator")))
          .isEqualTo(1);
      assertThat(sum(activityLeased, "durableentities.scheduler.lease.count", leases("activity")))
          .isEqualTo(1);
      assertThat(
              sum(activityLeased, "durableentities.scheduler.lease.count", leases("orchestrator")))
          .as("the episode's completion ended its lease")
          .isZero();
      assertThat(sum(done, "durableentities.scheduler.lease.count", leases("activity"))).isZero();
      assertThat(sum(done, "durableentities.scheduler.lease.count", leases("orchestrator")))
          .isZero();
    }
  }

  @Test
  void dataDirectory_reportsItsSize_andTheResidentBound() throws Exception {
    h = SchedulerHarness.evictingIdleEntities(b -> b.openTelemetry(otel).maxResidentEntities(7));

    h.signal("@counter@a", "add", "1");
    Collection<MetricData> metrics = reader.collectAllMetrics();

    assertThat(sum(metrics, "durableentities.scheduler.database.size", Attributes.empty()))
        .isPositive();
    assertThat(sum(metrics, "durableentities.scheduler.entity.resident.limit", Attributes.empty()))
        .isEqualTo(7);
  }

  @Test
  void inMemoryStore_reportsNoDatabaseSize() {
    h = new SchedulerHarness(b -> b.openTelemetry(otel));

    h.signal("@counter@a", "add", "1");

    assertThat(reader.collectAllMetrics())
        .extracting(MetricData::getName)
        .contains("durableentities.scheduler.signals")
        .doesNotContain("durableentities.scheduler.database.size");
  }

  private static Attributes leases(String kind) {
    return Attributes.of(
        AttributeKey.stringKey("durableentities.task_hub"),
        "default",
        AttributeKey.stringKey("durableentities.work_item.kind"),
        kind);
  }

  private static List<PointData> points(Collection<MetricData> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getData().getPoints().stream())
        .collect(Collectors.toList());
  }

  private static long sum(Collection<MetricData> metrics, String name, Attributes attributes) {
    return points(metrics, name).stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(p -> ((LongPointData) p).getValue())
        .sum();
  }

  private static Optional<Long> gauge(
      Collection<MetricData> metrics, String name, Attributes attributes) {
    return points(metrics, name).stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .map(p -> ((LongPointData) p).getValue())
        .findFirst();
  }

  private static Optional<Double> doubleGauge(
      Collection<MetricData> metrics, String name, Attributes attributes) {
    return points(metrics, name).stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .map(p -> ((io.opentelemetry.sdk.metrics.data.DoublePointData) p).getValue())
        .findFirst();
  }

  private static Optional<HistogramPointData> histogram(
      Collection<MetricData> metrics, String name) {
    return points(metrics, name).stream().map(p -> (HistogramPointData) p).findFirst();
  }
}
