package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.WorkItemContext;
import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.orchestration.OrchestrationVersioning;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.WorkItem;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs orchestrator work items on the {@link OrchestrationExecutor} and completes them with {@code
 * CompleteOrchestratorTask}, copying the completion token. An item that cannot run (its history is
 * missing, or it asks for history streaming, which this worker does not offer) is abandoned with a
 * log line saying why; an exception or {@link Error} escaping the executor propagates, and the
 * worker abandons the item. An instance whose version the worker's {@link OrchestrationVersioning}
 * rejects is abandoned too, for a worker of a matching version to take it.
 *
 * <p>The work-item filters name every registered orchestration; with a {@link
 * OrchestrationVersioning.MatchStrategy#STRICT} version and the {@link
 * OrchestrationVersioning.FailureStrategy#REJECT} strategy they also carry the worker's version
 * (except for the built-in call orchestration), so the scheduler sends this worker only instances
 * of that version. With {@code CURRENT_OR_OLDER} a version list cannot say "this or older", and
 * with {@code FAIL} the mismatched instances must reach a worker to be failed, so no versions are
 * sent then.
 */
public final class OrchestratorWorkItemHandler implements WorkItemHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorWorkItemHandler.class);

  private final OrchestrationExecutor executor;
  private final Set<String> names;
  private final int maxConcurrency;
  private final OrchestrationSpans spans;
  private final OrchestrationVersioning versioning;

  /**
   * Creates a handler.
   *
   * @param executor replays the orchestrations
   * @param names the orchestration names, sent as work-item filters
   * @param maxConcurrency how many orchestrator work items run at once
   * @param telemetry the worker's telemetry, for the orchestration spans
   * @param versioning the worker's versioning (the executor applies it; the filters carry it)
   */
  public OrchestratorWorkItemHandler(
      OrchestrationExecutor executor,
      Set<String> names,
      int maxConcurrency,
      Telemetry telemetry,
      OrchestrationVersioning versioning) {
    this.versioning = Objects.requireNonNull(versioning, "versioning");
    this.spans = new OrchestrationSpans(telemetry, Clock.systemUTC());
    this.executor = Objects.requireNonNull(executor, "executor");
    this.names = Set.copyOf(names);
    this.maxConcurrency = maxConcurrency;
  }

  @Override
  public Set<WorkItem.RequestCase> kinds() {
    return EnumSet.of(WorkItem.RequestCase.ORCHESTRATORREQUEST);
  }

  @Override
  public int maxConcurrency() {
    return maxConcurrency;
  }

  @Override
  public void contribute(GetWorkItemsRequest.Builder request) {
    boolean versioned =
        versioning.matchStrategy() == OrchestrationVersioning.MatchStrategy.STRICT
            && versioning.failureStrategy() == OrchestrationVersioning.FailureStrategy.REJECT;
    names.stream()
        .sorted()
        .forEach(
            name -> {
              OrchestrationFilter.Builder filter = OrchestrationFilter.newBuilder().setName(name);
              if (versioned && !CallEntityOrchestration.NAME.equals(name)) {
                filter.addVersions(versioning.version());
              }
              request.getWorkItemFiltersBuilder().addOrchestrations(filter);
            });
  }

  @Override
  public void handle(WorkItem item, WorkItemContext context) {
    OrchestratorRequest request = item.getOrchestratorRequest();
    if (request.getRequiresHistoryStreaming()) {
      LOG.error(
          "Abandoning the orchestrator work item of instance '{}': the scheduler asks the worker to"
              + " stream the history (requiresHistoryStreaming), which this worker does not"
              + " support and never announced; configure the scheduler to send the whole history"
              + " in the work item",
          request.getInstanceId());
      context.abandon("requiresHistoryStreaming is not supported");
      return;
    }
    OrchestratorResponse response;
    try {
      response = spans.run(request, () -> executor.execute(request));
    } catch (VersionGate.Rejected rejected) {
      LOG.info("{}", rejected.getMessage());
      context.abandon("version mismatch");
      return;
    } catch (IllegalArgumentException missingHistory) {
      LOG.error(
          "Abandoning the orchestrator work item of instance '{}': {}",
          request.getInstanceId(),
          missingHistory.getMessage());
      context.abandon(missingHistory.getMessage());
      return;
    }
    CriticalSectionMetrics.record(context.metrics(), request, response);
    context.completeOrchestration(
        response.toBuilder().setCompletionToken(item.getCompletionToken()).build());
  }
}
