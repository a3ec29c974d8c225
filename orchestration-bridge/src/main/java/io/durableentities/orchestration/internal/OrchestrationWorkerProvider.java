package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.client.internal.grpc.WorkerContext;
import io.durableentities.client.internal.grpc.WorkerExtensionProvider;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an {@link OrchestrationWorker} in a worker: an orchestrator handler and, when activities are
 * registered, an activity handler, each with its limit and its names as work-item filters; and the
 * built-in call orchestration on workers without an {@link OrchestrationWorker}. Found by the
 * worker through {@code META-INF/services}.
 */
public final class OrchestrationWorkerProvider
    implements WorkerExtensionProvider<OrchestrationWorker> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public OrchestrationWorkerProvider() {}

  @Override
  public Class<OrchestrationWorker> extensionType() {
    return OrchestrationWorker.class;
  }

  @Override
  public List<WorkItemHandler> createHandlers(
      OrchestrationWorker extension, WorkerContext context) {
    Orchestrations registry = extension.registry();
    List<WorkItemHandler> handlers = new ArrayList<>();
    handlers.add(
        new OrchestratorWorkItemHandler(
            new OrchestrationExecutor(registry, extension.versioning()),
            registry.orchestrationNames(),
            extension.maxConcurrentOrchestrations(),
            context.telemetry(),
            extension.versioning()));
    if (!registry.activityNames().isEmpty()) {
      handlers.add(
          new ActivityWorkItemHandler(
              new ActivityExecutor(registry),
              registry.activityNames(),
              extension.maxConcurrentActivities(),
              context.telemetry()));
    }
    return handlers;
  }

  /**
   * The orchestrations the worker's entities start without a version get the versioning's default
   * version, as sub-orchestrations do.
   */
  @Override
  public String defaultOrchestrationVersion(OrchestrationWorker extension) {
    String version = extension.versioning().defaultVersion();
    return version.isEmpty() ? null : version;
  }

  /**
   * Every worker with this module runs client calls to entities: a worker with no {@link
   * OrchestrationWorker} of its own runs the built-in call orchestration alone (which every {@link
   * OrchestrationWorker} includes).
   *
   * @return an orchestration worker with no orchestrations of the user's
   */
  @Override
  public OrchestrationWorker implicitExtension() {
    return OrchestrationWorker.of(Orchestrations.of());
  }
}
