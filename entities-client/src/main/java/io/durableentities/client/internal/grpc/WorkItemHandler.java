package io.durableentities.client.internal.grpc;

import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.WorkItem;
import java.util.Set;

/**
 * Runs work items of some kinds for a {@link io.durableentities.client.DurableWorker}. For Durable
 * Entities modules: the worker hosts entities itself; the orchestration module adds a handler for
 * orchestrator and activity work items.
 *
 * <p>The worker calls {@link #handle} on its own pool, at most {@link #maxConcurrency()} items at a
 * time for this handler. The handler completes each item through its {@link WorkItemContext}; if it
 * throws (an {@link Error} included) or returns without completing, the worker abandons the item so
 * that the scheduler delivers it again.
 */
public interface WorkItemHandler {

  /**
   * Returns the work-item kinds this handler runs.
   *
   * @return the kinds, such as {@code ORCHESTRATORREQUEST}; not {@code HEALTHPING}
   */
  Set<WorkItem.RequestCase> kinds();

  /**
   * Returns how many items this handler runs at once; also sent to the scheduler as the limit for
   * its kinds.
   *
   * @return at least 1
   */
  int maxConcurrency();

  /**
   * Adds this handler's work-item filters (and any other settings) to the request that opens the
   * work-item stream. The worker has already set the concurrency limits.
   *
   * @param request the request being built
   */
  default void contribute(GetWorkItemsRequest.Builder request) {}

  /**
   * Runs one work item and completes it through the context.
   *
   * @param item the work item
   * @param context completes or abandons it, and gives the channel and data converter
   * @throws Exception to have the item abandoned
   */
  void handle(WorkItem item, WorkItemContext context) throws Exception;

  /** Releases resources when the worker stops. */
  default void close() {}
}
