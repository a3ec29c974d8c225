package io.durableentities.client.internal.telemetry;

import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's metrics (listed in {@code docs/observability.md}): signals the scheduler
 * acknowledged, and signals that failed after the client's retries, by entity name (never the key).
 * Without an SDK the counter is disabled and each method returns at once.
 */
public final class ClientMetrics {

  /** The outcome attribute of a signal: {@code acknowledged} or {@code failed}. */
  public static final AttributeKey<String> OUTCOME =
      AttributeKey.stringKey("durableentities.signal.outcome");

  private final LongCounter signals;
  private final Map<String, Attributes> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Map<Status.Code, Attributes>> failed = new ConcurrentHashMap<>();

  ClientMetrics(Meter meter) {
    this.signals =
        meter
            .counterBuilder("durableentities.client.signals")
            .setUnit("{signal}")
            .setDescription(
                "Signals the client sent, by outcome (acknowledged by the scheduler or failed)")
            .build();
  }

  /**
   * Counts a signal the scheduler acknowledged.
   *
   * @param entityName the entity name
   */
  public void signalAcknowledged(String entityName) {
    if (!signals.isEnabled()) {
      return;
    }
    Attributes attributes = acknowledged.get(entityName);
    if (attributes == null) {
      attributes =
          acknowledged.computeIfAbsent(
              entityName,
              n -> Attributes.of(WorkerMetrics.ENTITY_NAME, n, OUTCOME, "acknowledged"));
    }
    signals.add(1, attributes);
  }

  /**
   * Counts a signal that failed (after the client's retries); its error type is the gRPC status
   * code of the failure ({@code UNKNOWN} when it was not a call failure).
   *
   * @param entityName the entity name
   * @param failure what the signal failed with
   */
  public void signalFailed(String entityName, Throwable failure) {
    if (!signals.isEnabled()) {
      return;
    }
    Status.Code code = Status.fromThrowable(failure).getCode();
    signals.add(
        1,
        failed
            .computeIfAbsent(entityName, n -> new ConcurrentHashMap<>())
            .computeIfAbsent(
                code,
                c ->
                    Attributes.of(
                        WorkerMetrics.ENTITY_NAME,
                        entityName,
                        OUTCOME,
                        "failed",
                        WorkerMetrics.ERROR_TYPE,
                        c.name())));
  }
}
