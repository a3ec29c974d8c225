package io.durableentities.scheduler.internal.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's metrics (listed in {@code docs/observability.md}): signals acknowledged, commit
 * latency and group size, recorded as they happen; queue depth and oldest message age per entity
 * name, leases in flight, resident entities and the database size, observed when the metric reader
 * collects.
 *
 * <p>The observed values come from {@link GaugeReadings} that the engine computes on its writer
 * thread when asked (the reading supplier); this class never reads the engine's memory itself.
 * Attributes are the task hub and the entity name only, never an entity key or instance id, so the
 * number of series follows the number of entity names. With the no-op OpenTelemetry (no SDK) every
 * instrument is disabled: recording returns at once and allocates nothing, and no reading is ever
 * asked for.
 */
public final class SchedulerMetrics implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerMetrics.class);

  /** The task hub attribute. */
  public static final AttributeKey<String> TASK_HUB =
      AttributeKey.stringKey("durableentities.task_hub");

  /** The entity name attribute (the lower-case name, never the key). */
  public static final AttributeKey<String> ENTITY_NAME =
      AttributeKey.stringKey("durableentities.entity.name");

  /** The work-item kind attribute: {@code entity}, {@code orchestrator} or {@code activity}. */
  public static final AttributeKey<String> WORK_ITEM_KIND =
      AttributeKey.stringKey("durableentities.work_item.kind");

  /** How long a collection waits for the writer to compute the readings. */
  private static final long READ_TIMEOUT_SECONDS = 5;

  private static final List<Double> DURATION_BUCKETS =
      List.of(
          0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0,
          2.5, 5.0, 10.0);

  private static final List<Long> GROUP_BUCKETS =
      List.of(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L);

  private final LongCounter signals;
  private final DoubleHistogram commitDuration;
  private final LongHistogram groupSize;
  private final BatchCallback observer;
  private final Supplier<? extends CompletionStage<GaugeReadings>> readings;
  private final Path dataDir;
  private final long maxResidentEntities;
  private final Map<String, Map<String, Attributes>> entityAttributes = new ConcurrentHashMap<>();
  private final Set<Attributes> queuesSeen = ConcurrentHashMap.newKeySet();

  private final ObservableLongMeasurement queueDepth;
  private final ObservableDoubleMeasurement oldestAge;
  private final ObservableLongMeasurement leases;
  private final ObservableLongMeasurement resident;
  private final ObservableLongMeasurement residentLimit;
  private final ObservableLongMeasurement databaseSize;

  /**
   * Creates the instruments on {@code meter} and registers the observation.
   *
   * @param meter the scheduler's meter
   * @param dataDir the data directory whose files make up the database, or null for an in-memory
   *     store (no database size is reported then)
   * @param maxResidentEntities the bound on resident entities
   * @param readings computes the readings on the engine's writer thread
   */
  public SchedulerMetrics(
      Meter meter,
      Path dataDir,
      long maxResidentEntities,
      Supplier<? extends CompletionStage<GaugeReadings>> readings) {
    this.dataDir = dataDir;
    this.maxResidentEntities = maxResidentEntities;
    this.readings = readings;
    this.signals =
        meter
            .counterBuilder("durableentities.scheduler.signals")
            .setUnit("{signal}")
            .setDescription("Signals the scheduler acknowledged (stored, or a duplicate)")
            .build();
    this.commitDuration =
        meter
            .histogramBuilder("durableentities.scheduler.commit.duration")
            .setUnit("s")
            .setDescription("How long the commit of one group of writes took")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.groupSize =
        meter
            .histogramBuilder("durableentities.scheduler.commit.group.size")
            .ofLongs()
            .setUnit("{request}")
            .setDescription("The requests committed together in one group (one commit)")
            .setExplicitBucketBoundariesAdvice(GROUP_BUCKETS)
            .build();
    this.queueDepth =
        meter
            .gaugeBuilder("durableentities.scheduler.queue.depth")
            .ofLongs()
            .setUnit("{message}")
            .setDescription(
                "Messages queued for the entities of a name, those in flight and on disk included")
            .buildObserver();
    this.oldestAge =
        meter
            .gaugeBuilder("durableentities.scheduler.queue.oldest_message.age")
            .setUnit("s")
            .setDescription(
                "How long the oldest message in memory queued for the entities of a name waits")
            .buildObserver();
    this.leases =
        meter
            .upDownCounterBuilder("durableentities.scheduler.lease.count")
            .setUnit("{work_item}")
            .setDescription("Work items leased to workers and not yet completed or abandoned")
            .buildObserver();
    this.resident =
        meter
            .upDownCounterBuilder("durableentities.scheduler.entity.resident.count")
            .setUnit("{entity}")
            .setDescription("Entities the scheduler holds in memory")
            .buildObserver();
    this.residentLimit =
        meter
            .upDownCounterBuilder("durableentities.scheduler.entity.resident.limit")
            .setUnit("{entity}")
            .setDescription("The bound on idle entities held in memory (maxResidentEntities)")
            .buildObserver();
    this.databaseSize =
        meter
            .upDownCounterBuilder("durableentities.scheduler.database.size")
            .setUnit("By")
            .setDescription("The size of the files in the data directory (database, WAL, index)")
            .buildObserver();
    this.observer =
        meter.batchCallback(
            this::observe, queueDepth, oldestAge, leases, resident, residentLimit, databaseSize);
  }

  /**
   * Counts a signal the scheduler acknowledged; never throws (the signal is stored already).
   *
   * @param taskHub the task hub
   * @param normalizedId the entity's instance id, normalized ({@code @name@key})
   */
  public void signalAcknowledged(String taskHub, String normalizedId) {
    if (!signals.isEnabled()) {
      return;
    }
    try {
      signals.add(1, entityAttributes(taskHub, nameOf(normalizedId)));
    } catch (RuntimeException e) {
      LOG.warn("Metrics: could not count a signal to {}", normalizedId, e);
    }
  }

  /** Whether signals are counted (false without an SDK): callers skip their own work when not. */
  public boolean countsSignals() {
    return signals.isEnabled();
  }

  /**
   * Records a committed group of writes.
   *
   * @param size the requests in the group
   * @param commitNanos how long its commit took
   */
  public void groupCommitted(int size, long commitNanos) {
    if (groupSize.isEnabled()) {
      groupSize.record(size);
    }
    if (commitDuration.isEnabled()) {
      commitDuration.record(commitNanos / 1e9);
    }
  }

  /** Stops the observation (the scheduler stops). */
  @Override
  public void close() {
    observer.close();
  }

  private void observe() {
    residentLimit.record(maxResidentEntities);
    if (dataDir != null) {
      long size = databaseBytes(dataDir);
      if (size >= 0) {
        databaseSize.record(size);
      }
    }
    GaugeReadings r = read();
    if (r == null) {
      return;
    }
    resident.record(r.residentEntities());
    for (GaugeReadings.Leases l : r.leases()) {
      leases.record(l.count(), Attributes.of(TASK_HUB, l.taskHub(), WORK_ITEM_KIND, l.kind()));
    }
    if (!r.queuesKnown()) {
      return; // the stored queues are being indexed: no reading rather than a low one
    }
    Set<Attributes> reported = new HashSet<>();
    for (GaugeReadings.Queue q : r.queues()) {
      Attributes attributes = entityAttributes(q.taskHub(), q.entityName());
      queueDepth.record(q.depth(), attributes);
      if (q.oldestAgeMillis() >= 0) {
        oldestAge.record(q.oldestAgeMillis() / 1000.0, attributes);
      }
      reported.add(attributes);
      queuesSeen.add(attributes);
    }
    for (Attributes seen : queuesSeen) {
      if (!reported.contains(seen)) {
        queueDepth.record(0, seen);
      }
    }
  }

  private GaugeReadings read() {
    try {
      return readings.get().toCompletableFuture().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("Metrics: the scheduler's readings are not available now: {}", e.toString());
      return null;
    }
  }

  private Attributes entityAttributes(String taskHub, String entityName) {
    Map<String, Attributes> byName = entityAttributes.get(taskHub);
    if (byName == null) {
      byName = entityAttributes.computeIfAbsent(taskHub, h -> new ConcurrentHashMap<>());
    }
    Attributes attributes = byName.get(entityName);
    if (attributes == null) {
      attributes =
          byName.computeIfAbsent(entityName, n -> Attributes.of(TASK_HUB, taskHub, ENTITY_NAME, n));
    }
    return attributes;
  }

  private static String nameOf(String normalizedId) {
    int end = normalizedId.indexOf('@', 1);
    return end > 0 ? normalizedId.substring(1, end) : normalizedId;
  }

  /** The total size of the regular files in the data directory, or -1 when it cannot be read. */
  private static long databaseBytes(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // a file that went away between the listing and its size
                }
              })
          .sum();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Metrics: could not measure the data directory {}: {}", dir, e.toString());
      return -1;
    }
  }
}
