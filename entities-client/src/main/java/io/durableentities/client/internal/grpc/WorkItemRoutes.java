package io.durableentities.client.internal.grpc;

import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkerCapability;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Which handler, on which {@link KindRunner}, takes each kind of work item, checked once when a
 * worker is built (every handler runs at least one item at a time and declares real kinds; no kind
 * has two handlers), and the {@code GetWorkItems} request that tells the scheduler those kinds and
 * their concurrency. Immutable after construction.
 */
final class WorkItemRoutes {

  /** The handler of a kind and the runner that runs its items. */
  record Route(WorkItemHandler handler, KindRunner<WorkItemContext> runner) {}

  private final List<WorkItemHandler> handlers;
  private final Map<WorkItem.RequestCase, Route> routes = new EnumMap<>(WorkItem.RequestCase.class);
  private final List<KindRunner<WorkItemContext>> runners = new ArrayList<>();
  private final GetWorkItemsRequest request;

  /**
   * Checks the handlers and gives each a runner.
   *
   * @param handlers the handlers, each with its own kinds
   * @param largePayloads whether the worker has a payload store (a capability of the request)
   * @param run runs one item on a runner thread; the item keeps its slot until the stage completes
   * @param rejected receives an item that a runner shut down before running it
   * @throws IllegalArgumentException if a handler breaks a rule or two handlers claim the same kind
   */
  WorkItemRoutes(
      List<WorkItemHandler> handlers,
      boolean largePayloads,
      BiFunction<WorkItemHandler, WorkItemContext, CompletionStage<?>> run,
      Consumer<WorkItemContext> rejected) {
    this.handlers = List.copyOf(handlers);
    GetWorkItemsRequest.Builder builder = GetWorkItemsRequest.newBuilder();
    for (WorkItemHandler handler : this.handlers) {
      validate(handler);
      KindRunner<WorkItemContext> runner =
          new KindRunner<>(
              "durable-worker-" + threadName(handler),
              handler.maxConcurrency(),
              item -> run.apply(handler, item),
              rejected);
      runners.add(runner);
      for (WorkItem.RequestCase kind : handler.kinds()) {
        if (routes.put(kind, new Route(handler, runner)) != null) {
          throw new IllegalArgumentException(
              "Two worker handlers claim " + kind + " work items; register one extension per kind");
        }
        switch (kind) {
          case ENTITYREQUEST, ENTITYREQUESTV2 ->
              builder.setMaxConcurrentEntityWorkItems(handler.maxConcurrency());
          case ORCHESTRATORREQUEST ->
              builder.setMaxConcurrentOrchestrationWorkItems(handler.maxConcurrency());
          case ACTIVITYREQUEST ->
              builder.setMaxConcurrentActivityWorkItems(handler.maxConcurrency());
          default -> {}
        }
      }
    }
    this.handlers.forEach(handler -> handler.contribute(builder));
    if (largePayloads) {
      builder.addCapabilities(WorkerCapability.WORKER_CAPABILITY_LARGE_PAYLOADS);
    }
    this.request = builder.build();
  }

  /**
   * Returns the route of a kind.
   *
   * @param kind the work item's kind
   * @return its route, or null when no handler takes it
   */
  Route route(WorkItem.RequestCase kind) {
    return routes.get(kind);
  }

  /**
   * Returns the request that opens the work-item stream.
   *
   * @return the request
   */
  GetWorkItemsRequest request() {
    return request;
  }

  /**
   * Returns the handlers.
   *
   * @return the handlers, in the order given
   */
  List<WorkItemHandler> handlers() {
    return handlers;
  }

  /**
   * Returns the runners, one per handler.
   *
   * @return the runners
   */
  List<KindRunner<WorkItemContext>> runners() {
    return runners;
  }

  private static void validate(WorkItemHandler handler) {
    String name = handler.getClass().getName();
    if (handler.maxConcurrency() < 1) {
      throw new IllegalArgumentException(
          "Work-item handler "
              + name
              + " has maxConcurrency "
              + handler.maxConcurrency()
              + "; it must be at least 1");
    }
    Set<WorkItem.RequestCase> kinds = handler.kinds();
    if (kinds.isEmpty()
        || kinds.contains(WorkItem.RequestCase.HEALTHPING)
        || kinds.contains(WorkItem.RequestCase.REQUEST_NOT_SET)) {
      throw new IllegalArgumentException(
          "Work-item handler "
              + name
              + " declares kinds "
              + kinds
              + "; declare at least one work-item kind, not HEALTHPING or REQUEST_NOT_SET");
    }
  }

  private static String threadName(WorkItemHandler handler) {
    return switch (handler.kinds().iterator().next()) {
      case ENTITYREQUEST, ENTITYREQUESTV2 -> "entity";
      case ORCHESTRATORREQUEST -> "orchestrator";
      case ACTIVITYREQUEST -> "activity";
      default -> "other";
    };
  }
}
