package io.durableentities.client.internal.telemetry;

import io.durableentities.protocol.internal.WorkItem;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's metrics (listed in {@code docs/observability.md}): entity operations applied and
 * failed, batch sizes, work-item latency by kind, and, from orchestrations, the wait for a critical
 * section's locks and the section's duration.
 *
 * <p>Attributes name entity, operation and orchestration names only, never an entity key or an
 * instance id; a name the worker does not host and an operation its entity does not have are
 * reported as {@value #OTHER}, so that a caller sending arbitrary names cannot create series. The
 * attribute sets are built once per name and reused. Without an SDK every instrument is disabled:
 * each method returns at once, before it looks anything up or allocates.
 */
public final class WorkerMetrics {

  /** The value of a name attribute when the name is not one the worker knows. */
  public static final String OTHER = "_OTHER";

  /** The entity name attribute (lower-case, never the key). */
  public static final AttributeKey<String> ENTITY_NAME =
      AttributeKey.stringKey("durableentities.entity.name");

  /** The operation name attribute. */
  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("durableentities.operation.name");

  /** The outcome attribute: {@code success} or {@code failure}. */
  public static final AttributeKey<String> OUTCOME =
      AttributeKey.stringKey("durableentities.operation.outcome");

  /** The semantic conventions' error type: the exception's class name of a failed operation. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The work-item kind attribute: {@code entity}, {@code orchestrator} or {@code activity}. */
  public static final AttributeKey<String> WORK_ITEM_KIND =
      AttributeKey.stringKey("durableentities.work_item.kind");

  /** The orchestration name attribute. */
  public static final AttributeKey<String> ORCHESTRATION_NAME =
      AttributeKey.stringKey("durableentities.orchestration.name");

  /** Bucket bounds for durations in seconds, from sub-millisecond batches to long lock waits. */
  static final List<Double> DURATION_BUCKETS =
      List.of(
          0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0,
          2.5, 5.0, 10.0, 30.0, 60.0);

  private static final List<Long> BATCH_BUCKETS =
      List.of(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L);

  private static final Attributes ENTITY = Attributes.of(WORK_ITEM_KIND, "entity");
  private static final Attributes ORCHESTRATOR = Attributes.of(WORK_ITEM_KIND, "orchestrator");
  private static final Attributes ACTIVITY = Attributes.of(WORK_ITEM_KIND, "activity");

  private final LongCounter operations;
  private final LongHistogram batchSize;
  private final DoubleHistogram workItemDuration;
  private final DoubleHistogram lockWait;
  private final DoubleHistogram criticalSection;

  /** Entity name → its attributes (batch size) and its operations' attributes. */
  private final Map<String, EntityAttributes> entities = new ConcurrentHashMap<>();

  private final Map<String, Attributes> orchestrations = new ConcurrentHashMap<>();

  WorkerMetrics(Meter meter) {
    this.operations =
        meter
            .counterBuilder("durableentities.entity.operations")
            .setUnit("{operation}")
            .setDescription("Entity operations the worker ran, by outcome")
            .build();
    this.batchSize =
        meter
            .histogramBuilder("durableentities.entity.batch.size")
            .ofLongs()
            .setUnit("{operation}")
            .setDescription("Operations per entity batch (work item) the worker ran")
            .setExplicitBucketBoundariesAdvice(BATCH_BUCKETS)
            .build();
    this.workItemDuration =
        meter
            .histogramBuilder("durableentities.work_item.duration")
            .setUnit("s")
            .setDescription(
                "From the receipt of a work item to the sending of its completion, by kind")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.lockWait =
        meter
            .histogramBuilder("durableentities.critical_section.lock_wait.duration")
            .setUnit("s")
            .setDescription(
                "From an orchestration's lock request to the grant of all its locks (history"
                    + " timestamps)")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.criticalSection =
        meter
            .histogramBuilder("durableentities.critical_section.duration")
            .setUnit("s")
            .setDescription(
                "From the grant of a critical section's locks to their release (history"
                    + " timestamps)")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
  }

  /**
   * Whether entity batches are measured; false without an SDK, and then the handler skips the
   * bookkeeping entirely.
   *
   * @return whether {@link #batch} and {@link #operation} record anything
   */
  public boolean measuresBatches() {
    return operations.isEnabled() || batchSize.isEnabled();
  }

  /**
   * Records the size of an entity batch.
   *
   * @param entityName the entity name, or {@value #OTHER} when the worker does not host it
   * @param size its operations
   */
  public void batch(String entityName, int size) {
    if (batchSize.isEnabled()) {
      batchSize.record(size, entity(entityName).batch);
    }
  }

  /**
   * Counts one operation of an entity batch.
   *
   * @param entityName the entity name, or {@value #OTHER} when the worker does not host it
   * @param operation the operation name, or {@value #OTHER} when the entity has no such operation
   * @param errorType the failure's error type, or null when it succeeded
   */
  public void operation(String entityName, String operation, String errorType) {
    if (operations.isEnabled()) {
      operations.add(1, entity(entityName).operation(entityName, operation, errorType));
    }
  }

  /**
   * Records the time from the receipt of a work item to the sending of its completion.
   *
   * @param kind the work item's kind
   * @param receivedNanos {@link System#nanoTime()} when it was received
   */
  public void workItemCompleted(WorkItem.RequestCase kind, long receivedNanos) {
    if (!workItemDuration.isEnabled()) {
      return;
    }
    Attributes attributes =
        switch (kind) {
          case ENTITYREQUEST, ENTITYREQUESTV2 -> ENTITY;
          case ORCHESTRATORREQUEST -> ORCHESTRATOR;
          case ACTIVITYREQUEST -> ACTIVITY;
          default -> null;
        };
    if (attributes != null) {
      workItemDuration.record((System.nanoTime() - receivedNanos) / 1e9, attributes);
    }
  }

  /**
   * Whether critical sections are measured; false without an SDK.
   *
   * @return whether {@link #lockWait} or {@link #criticalSection} record anything
   */
  public boolean measuresCriticalSections() {
    return lockWait.isEnabled() || criticalSection.isEnabled();
  }

  /**
   * Records how long an orchestration waited for its locks.
   *
   * @param orchestrationName the orchestration's name
   * @param millis from the lock request to the grant
   */
  public void lockWait(String orchestrationName, long millis) {
    if (lockWait.isEnabled()) {
      lockWait.record(millis / 1000.0, orchestration(orchestrationName));
    }
  }

  /**
   * Records how long an orchestration held its locks.
   *
   * @param orchestrationName the orchestration's name
   * @param millis from the grant to the release
   */
  public void criticalSection(String orchestrationName, long millis) {
    if (criticalSection.isEnabled()) {
      criticalSection.record(millis / 1000.0, orchestration(orchestrationName));
    }
  }

  private EntityAttributes entity(String name) {
    EntityAttributes attributes = entities.get(name);
    return attributes != null
        ? attributes
        : entities.computeIfAbsent(name, n -> new EntityAttributes(Attributes.of(ENTITY_NAME, n)));
  }

  private Attributes orchestration(String name) {
    Attributes attributes = orchestrations.get(name);
    return attributes != null
        ? attributes
        : orchestrations.computeIfAbsent(name, n -> Attributes.of(ORCHESTRATION_NAME, n));
  }

  /** The attribute sets of one entity name. */
  private static final class EntityAttributes {
    final Attributes batch;

    /** Operation → success attributes, and error type → failure attributes. */
    final Map<String, Attributes> success = new ConcurrentHashMap<>();

    final Map<String, Map<String, Attributes>> failure = new ConcurrentHashMap<>();

    EntityAttributes(Attributes batch) {
      this.batch = batch;
    }

    Attributes operation(String entityName, String operation, String errorType) {
      if (errorType == null) {
        Attributes a = success.get(operation);
        return a != null
            ? a
            : success.computeIfAbsent(
                operation,
                op ->
                    Attributes.of(ENTITY_NAME, entityName, OPERATION_NAME, op, OUTCOME, "success"));
      }
      Map<String, Attributes> byError = failure.get(operation);
      if (byError == null) {
        byError = failure.computeIfAbsent(operation, op -> new ConcurrentHashMap<>());
      }
      Attributes a = byError.get(errorType);
      return a != null
          ? a
          : byError.computeIfAbsent(
              errorType,
              type ->
                  Attributes.builder()
                      .put(ENTITY_NAME, entityName)
                      .put(OPERATION_NAME, operation)
                      .put(OUTCOME, "failure")
                      .put(ERROR_TYPE, type)
                      .build());
    }
  }
}
