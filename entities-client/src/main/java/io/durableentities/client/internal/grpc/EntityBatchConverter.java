package io.durableentities.client.internal.grpc;

import com.google.protobuf.StringValue;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.FailureDetails;
import io.durableentities.core.internal.EntityAction;
import io.durableentities.core.internal.EntityBatchRequest;
import io.durableentities.core.internal.EntityBatchResult;
import io.durableentities.core.internal.OperationRequest;
import io.durableentities.core.internal.OperationResult;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OperationInfo;
import io.durableentities.protocol.internal.OperationResultFailure;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.protocol.internal.TaskFailureDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts between the sidecar protocol's entity messages and the batch executor's records: V1
 * {@code EntityBatchRequest} and V2 {@code EntityRequest} in, {@code EntityBatchResult} out.
 *
 * <p>V2 requests carry their operations as history events; only {@code entityOperationSignaled} and
 * {@code entityOperationCalled} are operations, other events are skipped. Each operation gets an
 * {@code OperationInfo} (a call's parent orchestration becomes its response destination), and the
 * result carries the infos of the executed operations only.
 */
public final class EntityBatchConverter {

  private static final Logger LOG = LoggerFactory.getLogger(EntityBatchConverter.class);

  private EntityBatchConverter() {}

  /**
   * A converted work item: the executor's request and, for V2, one info per operation.
   *
   * @param request the batch for the executor
   * @param operationInfos one info per operation for V2 requests; null for V1
   */
  public record Batch(EntityBatchRequest request, List<OperationInfo> operationInfos) {}

  /**
   * Converts a V1 batch request.
   *
   * @param proto the request
   * @return the batch, without operation infos
   * @throws IllegalArgumentException if the instance id is not of the form {@code @name@key}
   */
  public static Batch fromV1(io.durableentities.protocol.internal.EntityBatchRequest proto) {
    EntityInstanceId id = EntityInstanceId.parse(proto.getInstanceId());
    List<OperationRequest> operations = new ArrayList<>(proto.getOperationsCount());
    for (io.durableentities.protocol.internal.OperationRequest op : proto.getOperationsList()) {
      operations.add(
          new OperationRequest(
              op.getOperation(),
              op.hasInput() ? op.getInput().getValue() : null,
              op.getRequestId()));
    }
    String state = proto.hasEntityState() ? proto.getEntityState().getValue() : null;
    return new Batch(new EntityBatchRequest(id, state, operations), null);
  }

  /**
   * Converts a V2 entity request. Events other than signaled and called are skipped.
   *
   * @param proto the request
   * @return the batch with one operation info per operation
   * @throws IllegalArgumentException if the instance id is not of the form {@code @name@key}
   */
  public static Batch fromV2(EntityRequest proto) {
    EntityInstanceId id = EntityInstanceId.parse(proto.getInstanceId());
    List<OperationRequest> operations = new ArrayList<>(proto.getOperationRequestsCount());
    List<OperationInfo> infos = new ArrayList<>(proto.getOperationRequestsCount());
    for (HistoryEvent event : proto.getOperationRequestsList()) {
      switch (event.getEventTypeCase()) {
        case ENTITYOPERATIONSIGNALED -> {
          EntityOperationSignaledEvent signal = event.getEntityOperationSignaled();
          operations.add(
              new OperationRequest(
                  signal.getOperation(),
                  signal.hasInput() ? signal.getInput().getValue() : null,
                  signal.getRequestId()));
          infos.add(OperationInfo.newBuilder().setRequestId(signal.getRequestId()).build());
        }
        case ENTITYOPERATIONCALLED -> {
          EntityOperationCalledEvent call = event.getEntityOperationCalled();
          operations.add(
              new OperationRequest(
                  call.getOperation(),
                  call.hasInput() ? call.getInput().getValue() : null,
                  call.getRequestId()));
          OperationInfo.Builder info = OperationInfo.newBuilder().setRequestId(call.getRequestId());
          if (call.hasParentInstanceId()) {
            OrchestrationInstance.Builder parent =
                OrchestrationInstance.newBuilder()
                    .setInstanceId(call.getParentInstanceId().getValue());
            if (call.hasParentExecutionId()) {
              parent.setExecutionId(call.getParentExecutionId());
            }
            info.setResponseDestination(parent);
          }
          infos.add(info.build());
        }
        default ->
            LOG.debug(
                "Skipping a {} event in the entity request for {}: only signals and calls are"
                    + " operations",
                event.getEventTypeCase(),
                id);
      }
    }
    String state = proto.hasEntityState() ? proto.getEntityState().getValue() : null;
    return new Batch(new EntityBatchRequest(id, state, operations), List.copyOf(infos));
  }

  /**
   * Converts an executor result to the wire result.
   *
   * @param result the executor's result
   * @param completionToken the work item's completion token, echoed
   * @param operationInfos the V2 operation infos (trimmed to the number of results), or null for V1
   * @param now the request time of emitted signals and orchestration starts
   * @return the wire result
   */
  public static io.durableentities.protocol.internal.EntityBatchResult toProto(
      EntityBatchResult result,
      String completionToken,
      List<OperationInfo> operationInfos,
      Instant now) {
    Objects.requireNonNull(result, "result");
    var proto =
        io.durableentities.protocol.internal.EntityBatchResult.newBuilder()
            .setCompletionToken(completionToken == null ? "" : completionToken);
    for (OperationResult operation : result.results()) {
      proto.addResults(toProto(operation));
    }
    for (EntityAction action : result.actions()) {
      proto.addActions(toProto(action, now));
    }
    if (result.state() != null) {
      proto.setEntityState(StringValue.of(result.state()));
    }
    if (result.batchFailure() != null) {
      proto.setFailureDetails(toProto(result.batchFailure()));
    }
    if (operationInfos != null) {
      proto.addAllOperationInfos(
          operationInfos.subList(0, Math.min(operationInfos.size(), result.results().size())));
    }
    return proto.build();
  }

  /**
   * Converts failure details to the wire form.
   *
   * @param details the failure
   * @return the wire failure
   */
  public static TaskFailureDetails toProto(FailureDetails details) {
    TaskFailureDetails.Builder proto =
        TaskFailureDetails.newBuilder()
            .setErrorType(details.errorType())
            .setErrorMessage(details.errorMessage())
            .setIsNonRetriable(details.nonRetriable());
    if (details.stackTrace() != null) {
      proto.setStackTrace(StringValue.of(details.stackTrace()));
    }
    return proto.build();
  }

  /**
   * Converts wire failure details. Inner failures are not kept (the stack trace of a Java failure
   * already includes its causes).
   *
   * @param proto the wire failure
   * @return the failure
   */
  public static FailureDetails fromProto(TaskFailureDetails proto) {
    return new FailureDetails(
        proto.getErrorType(),
        proto.getErrorMessage(),
        proto.hasStackTrace() ? proto.getStackTrace().getValue() : null,
        proto.getIsNonRetriable());
  }

  private static io.durableentities.protocol.internal.OperationResult toProto(
      OperationResult result) {
    var proto = io.durableentities.protocol.internal.OperationResult.newBuilder();
    if (result instanceof OperationResult.Success success) {
      OperationResultSuccess.Builder ok =
          OperationResultSuccess.newBuilder()
              .setStartTimeUtc(Timestamps.of(success.start()))
              .setEndTimeUtc(Timestamps.of(success.end()));
      if (success.resultJson() != null) {
        ok.setResult(StringValue.of(success.resultJson()));
      }
      proto.setSuccess(ok);
    } else if (result instanceof OperationResult.Failure failure) {
      proto.setFailure(
          OperationResultFailure.newBuilder()
              .setFailureDetails(toProto(failure.details()))
              .setStartTimeUtc(Timestamps.of(failure.start()))
              .setEndTimeUtc(Timestamps.of(failure.end())));
    }
    return proto.build();
  }

  private static OperationAction toProto(EntityAction action, Instant now) {
    OperationAction.Builder proto = OperationAction.newBuilder().setId(action.id());
    if (action instanceof EntityAction.SendSignal signal) {
      SendSignalAction.Builder send =
          SendSignalAction.newBuilder()
              .setInstanceId(signal.target().toString())
              .setName(signal.operation())
              .setRequestTime(Timestamps.of(now));
      if (signal.input() != null) {
        send.setInput(StringValue.of(signal.input()));
      }
      if (signal.scheduledTime() != null) {
        send.setScheduledTime(Timestamps.of(signal.scheduledTime()));
      }
      proto.setSendSignal(send);
    } else if (action instanceof EntityAction.StartOrchestration start) {
      StartNewOrchestrationAction.Builder orchestration =
          StartNewOrchestrationAction.newBuilder()
              .setInstanceId(start.instanceId())
              .setName(start.name())
              .setRequestTime(Timestamps.of(now));
      if (start.input() != null) {
        orchestration.setInput(StringValue.of(start.input()));
      }
      if (start.scheduledTime() != null) {
        orchestration.setScheduledTime(Timestamps.of(start.scheduledTime()));
      }
      if (start.version() != null) {
        orchestration.setVersion(StringValue.of(start.version()));
      }
      proto.setStartNewOrchestration(orchestration);
    }
    return proto.build();
  }
}
