package io.durableentities.client;

import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.client.internal.grpc.WorkerContext;
import java.util.List;

/**
 * Adds work-item kinds to a {@link DurableWorker}, for Durable Entities modules (the orchestration
 * module runs orchestrator and activity work items this way). Applications use the modules' own
 * entry points instead.
 *
 * <p>When the worker starts it calls {@link #createHandlers} once; each handler declares its kinds,
 * its concurrency limit and its work-item filters, and runs its items on a pool of its own (so an
 * extension with two kinds, such as orchestrations and activities, returns one handler per kind to
 * give each kind its own limit).
 */
@FunctionalInterface
public interface WorkerExtension {

  /**
   * Creates the handlers for this extension's work-item kinds.
   *
   * @param context the worker's channel, connection string and data converter (an internal type)
   * @return the handlers (an internal type), not null, not empty; no two claim the same kind
   */
  List<WorkItemHandler> createHandlers(WorkerContext context);
}
