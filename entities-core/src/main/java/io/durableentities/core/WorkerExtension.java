package io.durableentities.core;

import io.durableentities.core.internal.grpc.WorkItemHandler;
import io.durableentities.core.internal.grpc.WorkerContext;

/**
 * Adds work-item kinds to a {@link DurableWorker}, for Durable Entities modules (the orchestration
 * module runs orchestrator and activity work items this way). Applications use the modules' own
 * entry points instead.
 *
 * <p>When the worker starts it calls {@link #createHandler} once; the handler declares its kinds,
 * its concurrency limit and its work-item filters, and runs the items on the worker's pool.
 */
@FunctionalInterface
public interface WorkerExtension {

  /**
   * Creates the handler for this extension's work-item kinds.
   *
   * @param context the worker's channel, connection string and data converter (an internal type)
   * @return the handler (an internal type), not null
   */
  WorkItemHandler createHandler(WorkerContext context);
}
