package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.scheduler.SchedulerOptions;
import java.util.Set;

/** The engine's view of the options, in millis and bytes. */
public record EngineConfig(
    long leaseTimeoutMillis,
    int maxDeliveryAttempts,
    int maxMessageBytes,
    int maxEntityStateBytes,
    long dedupWindowMillis,
    Set<String> allowedTaskHubs,
    int maxTaskHubs) {

  /** Operations per batch at most. */
  public static final int MAX_BATCH_OPERATIONS = 1000;

  /** Bytes of state and inputs per batch, about (a single operation may exceed it). */
  public static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

  /** Delay before an abandoned entity work item is delivered again; doubles per abandon. */
  public static final long ABANDON_BACKOFF_FIRST_MILLIS = 100;

  /** The longest delay before an abandoned entity work item is delivered again. */
  public static final long ABANDON_BACKOFF_MAX_MILLIS = 5_000;

  /** In-flight entity work items per stream when the worker asks for 0 (unset). */
  public static final int DEFAULT_MAX_ENTITY_WORK_ITEMS = 16;

  /** In-flight orchestrator or activity work items per stream when the worker asks for 0. */
  public static final int DEFAULT_MAX_TASK_WORK_ITEMS = 100;

  public static EngineConfig of(SchedulerOptions o) {
    return new EngineConfig(
        o.leaseTimeout().toMillis(),
        o.maxDeliveryAttempts(),
        o.maxMessageBytes(),
        o.maxEntityStateBytes(),
        o.dedupWindow().toMillis(),
        o.allowedTaskHubs(),
        o.maxTaskHubs());
  }
}
