package io.durableentities.client.internal.grpc;

import com.google.protobuf.StringValue;
import io.durableentities.client.internal.telemetry.EntityBatchSpans;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.WorkerMetrics;
import io.durableentities.core.FailureDetails;
import io.durableentities.core.UnknownOperationException;
import io.durableentities.core.internal.EntityBatchExecutor;
import io.durableentities.core.internal.EntityBatchRequest;
import io.durableentities.core.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityFilter;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OperationInfo;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultFailure;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.WorkItem;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs entity work items (V1 {@code entityRequest} and V2 {@code entityRequestV2}) on the batch
 * executor and completes them with {@code CompleteEntityTask}. An exception escaping the executor
 * (an {@link Error} included) propagates, and the worker abandons the item.
 */
public final class EntityWorkItemHandler implements WorkItemHandler {

  private static final Logger LOG = LoggerFactory.getLogger(EntityWorkItemHandler.class);

  private static final String UNKNOWN_OPERATION = UnknownOperationException.class.getName();

  private final EntityBatchExecutor executor;
  private final Set<String> entityNames;
  private final int maxConcurrency;
  private final Clock clock;
  private final EntityBatchSpans spans;
  private final String defaultOrchestrationVersion;

  /**
   * Creates a handler.
   *
   * @param executor runs the batches
   * @param entityNames the hosted entity names, sent as work-item filters
   * @param maxConcurrency how many batches run at once
   * @param clock the request time of emitted actions
   * @param telemetry the worker's telemetry, for the batch and operation spans
   * @param defaultOrchestrationVersion the version of the orchestrations that entities start
   *     without one, or null for none
   */
  public EntityWorkItemHandler(
      EntityBatchExecutor executor,
      Set<String> entityNames,
      int maxConcurrency,
      Clock clock,
      Telemetry telemetry,
      String defaultOrchestrationVersion) {
    this.defaultOrchestrationVersion = defaultOrchestrationVersion;
    this.executor = executor;
    this.spans = new EntityBatchSpans(telemetry);
    this.entityNames = Set.copyOf(entityNames);
    this.maxConcurrency = maxConcurrency;
    this.clock = clock;
  }

  @Override
  public Set<WorkItem.RequestCase> kinds() {
    return EnumSet.of(WorkItem.RequestCase.ENTITYREQUEST, WorkItem.RequestCase.ENTITYREQUESTV2);
  }

  @Override
  public int maxConcurrency() {
    return maxConcurrency;
  }

  @Override
  public void contribute(GetWorkItemsRequest.Builder request) {
    entityNames.stream()
        .sorted()
        .forEach(
            name ->
                request
                    .getWorkItemFiltersBuilder()
                    .addEntities(EntityFilter.newBuilder().setName(name)));
  }

  @Override
  public void handle(WorkItem item, WorkItemContext context) {
    boolean v1 = item.getRequestCase() == WorkItem.RequestCase.ENTITYREQUEST;
    EntityBatchConverter.Batch batch;
    try {
      batch =
          v1
              ? EntityBatchConverter.fromV1(item.getEntityRequest())
              : EntityBatchConverter.fromV2(item.getEntityRequestV2());
    } catch (IllegalArgumentException e) {
      LOG.warn("Failing an entity work item that cannot be read: {}", e.getMessage());
      context.completeEntity(invalid(item, e));
      return;
    }
    EntityBatchSpans.Ran ran =
        spans.run(
            batch.request(),
            v1
                ? item.getEntityRequest().getOperationsList().stream()
                    .map(op -> op.hasTraceContext() ? op.getTraceContext() : null)
                    .toList()
                : List.of(),
            () -> executor.execute(batch.request()));
    EntityBatchResult result = ran.result();
    if (result.batchFailure() != null) {
      throw new IllegalStateException(
          "Entity "
              + batch.request().id()
              + " could not run its batch: "
              + result.batchFailure().summary());
    }
    WorkerMetrics metrics = context.metrics();
    if (metrics.measuresBatches()) {
      record(metrics, batch.request(), result);
    }
    context.completeEntity(
        traced(
            versioned(
                EntityBatchConverter.toProto(
                    result, item.getCompletionToken(), batch.operationInfos(), clock.instant())),
            ran.trace()));
  }

  /**
   * The orchestrations a batch starts without a version get the worker's default version, as
   * sub-orchestrations do.
   */
  private io.durableentities.protocol.internal.EntityBatchResult versioned(
      io.durableentities.protocol.internal.EntityBatchResult result) {
    if (defaultOrchestrationVersion == null
        || result.getActionsList().stream()
            .noneMatch(
                a -> a.hasStartNewOrchestration() && !a.getStartNewOrchestration().hasVersion())) {
      return result;
    }
    var builder = result.toBuilder();
    for (OperationAction.Builder action : builder.getActionsBuilderList()) {
      if (action.hasStartNewOrchestration() && !action.getStartNewOrchestration().hasVersion()) {
        action
            .getStartNewOrchestrationBuilder()
            .setVersion(StringValue.of(defaultOrchestrationVersion));
      }
    }
    return builder.build();
  }

  /**
   * The signals and orchestration starts a batch emits carry its span's trace context, so that the
   * work they cause continues the batch's trace.
   */
  private static io.durableentities.protocol.internal.EntityBatchResult traced(
      io.durableentities.protocol.internal.EntityBatchResult result, TraceContext trace) {
    if (trace == null || result.getActionsCount() == 0) {
      return result;
    }
    var builder = result.toBuilder();
    for (OperationAction.Builder action : builder.getActionsBuilderList()) {
      if (action.hasSendSignal()) {
        action.getSendSignalBuilder().setParentTraceContext(trace);
      } else if (action.hasStartNewOrchestration()) {
        action.getStartNewOrchestrationBuilder().setParentTraceContext(trace);
      }
    }
    return builder.build();
  }

  /**
   * Records the batch's size and each operation's outcome, under names this worker knows: an entity
   * name it does not host, or an operation its entity does not have, is {@link
   * WorkerMetrics#OTHER}.
   */
  private void record(WorkerMetrics metrics, EntityBatchRequest request, EntityBatchResult result) {
    String entityName = hosts(result) ? request.id().name() : WorkerMetrics.OTHER;
    metrics.batch(entityName, request.operations().size());
    for (int i = 0; i < result.results().size(); i++) {
      String operation = request.operations().get(i).operation();
      String errorType = null;
      if (result.results().get(i)
          instanceof io.durableentities.core.internal.OperationResult.Failure failure) {
        errorType = failure.details().errorType();
        if (errorType.equals(UNKNOWN_OPERATION) || entityName.equals(WorkerMetrics.OTHER)) {
          operation = WorkerMetrics.OTHER;
        }
      }
      metrics.operation(entityName, operation, errorType);
    }
  }

  /** Whether the executor found the entity (it fails every operation of a name it lacks). */
  private static boolean hosts(EntityBatchResult result) {
    return result.results().isEmpty()
        || !(result.results().get(0)
                instanceof io.durableentities.core.internal.OperationResult.Failure failure
            && failure.details().errorType().equals(EntityBatchExecutor.ENTITY_TASK_NOT_FOUND));
  }

  /** Fails every operation of an item whose instance id is not an entity id, non-retriably. */
  private io.durableentities.protocol.internal.EntityBatchResult invalid(
      WorkItem item, IllegalArgumentException e) {
    return failEveryOperation(
        item, new FailureDetails("InvalidEntityId", e.getMessage(), null, true), clock.instant());
  }

  /**
   * Returns the result of an entity work item that fails each of its operations with the same
   * details and leaves the entity's state as it came.
   *
   * @param item an entity work item (v1 or v2)
   * @param details the failure of every operation
   * @param now the operations' start and end time
   * @return the result, with the item's completion token
   */
  static io.durableentities.protocol.internal.EntityBatchResult failEveryOperation(
      WorkItem item, FailureDetails details, Instant now) {
    var failure =
        OperationResult.newBuilder()
            .setFailure(
                OperationResultFailure.newBuilder()
                    .setFailureDetails(EntityBatchConverter.toProto(details))
                    .setStartTimeUtc(Timestamps.of(now))
                    .setEndTimeUtc(Timestamps.of(now)))
            .build();
    var result =
        io.durableentities.protocol.internal.EntityBatchResult.newBuilder()
            .setCompletionToken(item.getCompletionToken());
    if (item.getRequestCase() == WorkItem.RequestCase.ENTITYREQUEST) {
      var request = item.getEntityRequest();
      request.getOperationsList().forEach(op -> result.addResults(failure));
      if (request.hasEntityState()) {
        result.setEntityState(request.getEntityState());
      }
    } else {
      var request = item.getEntityRequestV2();
      for (HistoryEvent event : request.getOperationRequestsList()) {
        String requestId =
            switch (event.getEventTypeCase()) {
              case ENTITYOPERATIONSIGNALED -> event.getEntityOperationSignaled().getRequestId();
              case ENTITYOPERATIONCALLED -> event.getEntityOperationCalled().getRequestId();
              default -> null;
            };
        if (requestId != null) {
          result.addResults(failure);
          result.addOperationInfos(OperationInfo.newBuilder().setRequestId(requestId));
        }
      }
      if (request.hasEntityState()) {
        result.setEntityState(StringValue.of(request.getEntityState().getValue()));
      }
    }
    return result.build();
  }

  /**
   * Returns the hosted entity names.
   *
   * @return the names
   */
  public List<String> entityNames() {
    return entityNames.stream().sorted().toList();
  }
}
