package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.SchedulerOptions;

/** The engine's view of the options, in millis and bytes. */
record EngineConfig(
    long leaseTimeoutMillis,
    int maxDeliveryAttempts,
    int maxMessageBytes,
    int maxEntityStateBytes,
    long dedupWindowMillis) {

  /** Operations per batch at most. */
  static final int MAX_BATCH_OPERATIONS = 1000;

  /** Bytes of state and inputs per batch, about (a single operation may exceed it). */
  static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

  /** Delay before an abandoned entity work item is delivered again; doubles per abandon. */
  static final long ABANDON_BACKOFF_FIRST_MILLIS = 100;

  /** The longest delay before an abandoned entity work item is delivered again. */
  static final long ABANDON_BACKOFF_MAX_MILLIS = 5_000;

  /** In-flight entity work items per stream when the worker asks for 0 (unset). */
  static final int DEFAULT_MAX_ENTITY_WORK_ITEMS = 16;

  /** In-flight orchestrator or activity work items per stream when the worker asks for 0. */
  static final int DEFAULT_MAX_TASK_WORK_ITEMS = 100;

  static EngineConfig of(SchedulerOptions o) {
    return new EngineConfig(
        o.leaseTimeout().toMillis(),
        o.maxDeliveryAttempts(),
        o.maxMessageBytes(),
        o.maxEntityStateBytes(),
        o.dedupWindow().toMillis());
  }
}
