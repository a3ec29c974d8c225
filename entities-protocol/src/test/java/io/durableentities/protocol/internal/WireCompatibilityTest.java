package io.durableentities.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins our generated types to the public Durable Task sidecar contract
 * (microsoft/durabletask-protobuf, {@code protos/orchestrator_service.proto}).
 *
 * <p>Every payload here is assembled by hand, tag by tag, with the field numbers and wire types
 * read from the public contract, not from our own {@code .proto}. Each payload must decode into the
 * expected values, leave no unknown field behind at any depth, and re-encode to the very same
 * bytes.
 */
class WireCompatibilityTest {

  // google.protobuf.Value: string_value is field 3.
  private static final int VALUE_STRING_VALUE = 3;

  // ---------------------------------------------------------------------------------------------
  // Entity client calls
  // ---------------------------------------------------------------------------------------------

  @Test
  void signalEntityRequest_decodesPublicFieldNumbers() {
    byte[] bytes =
        wire()
            .string(1, "@counter@c1")
            .string(2, "add")
            .stringValue(3, "5")
            .string(4, "req-1")
            .timestamp(5, 1_700_000_000L, 500)
            .message(6, wire().string(1, "00-abc-def-01").stringValue(3, "k=v"))
            .timestamp(7, 1_699_999_999L, 0)
            .bytes();

    SignalEntityRequest request = decode(SignalEntityRequest.parser(), bytes);

    assertThat(request.getInstanceId()).isEqualTo("@counter@c1");
    assertThat(request.getName()).isEqualTo("add");
    assertThat(request.getInput().getValue()).isEqualTo("5");
    assertThat(request.getRequestId()).isEqualTo("req-1");
    assertThat(request.getScheduledTime().getSeconds()).isEqualTo(1_700_000_000L);
    assertThat(request.getScheduledTime().getNanos()).isEqualTo(500);
    assertThat(request.getParentTraceContext().getTraceParent()).isEqualTo("00-abc-def-01");
    assertThat(request.getParentTraceContext().getTraceState().getValue()).isEqualTo("k=v");
    assertThat(request.getRequestTime().getSeconds()).isEqualTo(1_699_999_999L);
  }

  @Test
  void getEntityRequest_decodesInstanceIdAndIncludeState() {
    byte[] bytes = wire().string(1, "@counter@c1").bool(2, true).bytes();

    GetEntityRequest request = decode(GetEntityRequest.parser(), bytes);

    assertThat(request.getInstanceId()).isEqualTo("@counter@c1");
    assertThat(request.getIncludeState()).isTrue();
  }

  @Test
  void getEntityResponse_decodesExistsAndEntityMetadata() {
    byte[] bytes =
        wire()
            .bool(1, true)
            .message(
                2,
                wire()
                    .string(1, "@counter@c1")
                    .timestamp(2, 1_700_000_100L, 0)
                    .varint(3, 4)
                    .stringValue(4, "@orch@o1")
                    .stringValue(5, "{\"value\":42}"))
            .bytes();

    GetEntityResponse response = decode(GetEntityResponse.parser(), bytes);

    assertThat(response.getExists()).isTrue();
    EntityMetadata entity = response.getEntity();
    assertThat(entity.getInstanceId()).isEqualTo("@counter@c1");
    assertThat(entity.getLastModifiedTime().getSeconds()).isEqualTo(1_700_000_100L);
    assertThat(entity.getBacklogQueueSize()).isEqualTo(4);
    assertThat(entity.getLockedBy().getValue()).isEqualTo("@orch@o1");
    assertThat(entity.getSerializedState().getValue()).isEqualTo("{\"value\":42}");
  }

  @Test
  void entityQuery_decodesPageSizeAsInt32Value() {
    byte[] bytes =
        wire()
            .message(
                1,
                wire()
                    .stringValue(1, "@counter@")
                    .timestamp(2, 100L, 0)
                    .timestamp(3, 200L, 0)
                    .bool(4, true)
                    .bool(5, true)
                    .int32Value(6, 25)
                    .stringValue(7, "token-1"))
            .bytes();

    EntityQuery query = decode(QueryEntitiesRequest.parser(), bytes).getQuery();

    assertThat(query.getInstanceIdStartsWith().getValue()).isEqualTo("@counter@");
    assertThat(query.getLastModifiedFrom().getSeconds()).isEqualTo(100L);
    assertThat(query.getLastModifiedTo().getSeconds()).isEqualTo(200L);
    assertThat(query.getIncludeState()).isTrue();
    assertThat(query.getIncludeTransient()).isTrue();
    assertThat(query.hasPageSize()).isTrue();
    assertThat(query.getPageSize().getValue()).isEqualTo(25);
    assertThat(query.getContinuationToken().getValue()).isEqualTo("token-1");
  }

  @Test
  void queryEntitiesResponse_decodesEntitiesAndContinuationToken() {
    byte[] bytes =
        wire()
            .message(1, wire().string(1, "@counter@a"))
            .message(1, wire().string(1, "@counter@b").varint(3, 1))
            .stringValue(2, "next")
            .bytes();

    QueryEntitiesResponse response = decode(QueryEntitiesResponse.parser(), bytes);

    assertThat(response.getEntitiesList())
        .extracting(EntityMetadata::getInstanceId)
        .containsExactly("@counter@a", "@counter@b");
    assertThat(response.getEntities(1).getBacklogQueueSize()).isEqualTo(1);
    assertThat(response.getContinuationToken().getValue()).isEqualTo("next");
  }

  @Test
  void cleanEntityStorageRequest_decodesTokenAndFlags() {
    byte[] bytes = wire().stringValue(1, "page-2").bool(2, true).bool(3, true).bytes();

    CleanEntityStorageRequest request = decode(CleanEntityStorageRequest.parser(), bytes);

    assertThat(request.getContinuationToken().getValue()).isEqualTo("page-2");
    assertThat(request.getRemoveEmptyEntities()).isTrue();
    assertThat(request.getReleaseOrphanedLocks()).isTrue();
  }

  @Test
  void cleanEntityStorageResponse_decodesTokenAndCounts() {
    byte[] bytes = wire().stringValue(1, "page-3").varint(2, 7).varint(3, 2).bytes();

    CleanEntityStorageResponse response = decode(CleanEntityStorageResponse.parser(), bytes);

    assertThat(response.getContinuationToken().getValue()).isEqualTo("page-3");
    assertThat(response.getEmptyEntitiesRemoved()).isEqualTo(7);
    assertThat(response.getOrphanedLocksReleased()).isEqualTo(2);
  }

  // ---------------------------------------------------------------------------------------------
  // Entity work items
  // ---------------------------------------------------------------------------------------------

  @Test
  void workItem_decodesEntityRequestV2AndCompletionToken() {
    byte[] bytes =
        wire()
            .message(5, wire().string(1, "@counter@c1").string(2, "exec-1").stringValue(3, "0"))
            .string(10, "token-42")
            .bytes();

    WorkItem workItem = decode(WorkItem.parser(), bytes);

    assertThat(workItem.getRequestCase()).isEqualTo(WorkItem.RequestCase.ENTITYREQUESTV2);
    assertThat(workItem.getEntityRequestV2().getInstanceId()).isEqualTo("@counter@c1");
    assertThat(workItem.getEntityRequestV2().getExecutionId()).isEqualTo("exec-1");
    assertThat(workItem.getEntityRequestV2().getEntityState().getValue()).isEqualTo("0");
    assertThat(workItem.getCompletionToken()).isEqualTo("token-42");
  }

  @Test
  void workItem_decodesLegacyEntityBatchRequestAsField3() {
    byte[] bytes =
        wire()
            .message(
                3,
                wire()
                    .string(1, "@counter@c1")
                    .stringValue(2, "3")
                    .message(
                        3,
                        wire()
                            .string(1, "add")
                            .string(2, "req-1")
                            .stringValue(3, "1")
                            .message(4, wire().string(1, "00-trace-01"))))
            .string(10, "token-7")
            .bytes();

    WorkItem workItem = decode(WorkItem.parser(), bytes);

    assertThat(workItem.getRequestCase()).isEqualTo(WorkItem.RequestCase.ENTITYREQUEST);
    EntityBatchRequest batch = workItem.getEntityRequest();
    assertThat(batch.getInstanceId()).isEqualTo("@counter@c1");
    assertThat(batch.getEntityState().getValue()).isEqualTo("3");
    OperationRequest operation = batch.getOperations(0);
    assertThat(operation.getOperation()).isEqualTo("add");
    assertThat(operation.getRequestId()).isEqualTo("req-1");
    assertThat(operation.getInput().getValue()).isEqualTo("1");
    assertThat(operation.getTraceContext().getTraceParent()).isEqualTo("00-trace-01");
    assertThat(workItem.getCompletionToken()).isEqualTo("token-7");
  }

  @Test
  void workItem_decodesHealthPingAsField4() {
    byte[] bytes = wire().message(4, wire()).bytes();

    WorkItem workItem = decode(WorkItem.parser(), bytes);

    assertThat(workItem.getRequestCase()).isEqualTo(WorkItem.RequestCase.HEALTHPING);
  }

  @Test
  void entityRequest_decodesOperationRequestsAsSignaledAndCalledHistoryEvents() {
    byte[] bytes =
        wire()
            .string(1, "@counter@c1")
            .string(2, "exec-1")
            .stringValue(3, "10")
            .message(
                4,
                wire()
                    .varint(1, 1)
                    .timestamp(2, 1_000L, 0)
                    .message(
                        23,
                        wire()
                            .string(1, "req-s")
                            .string(2, "add")
                            .timestamp(3, 2_000L, 0)
                            .stringValue(4, "5")
                            .stringValue(5, "@counter@c1")))
            .message(
                4,
                wire()
                    .varint(1, 2)
                    .message(
                        24,
                        wire()
                            .string(1, "req-c")
                            .string(2, "get")
                            .stringValue(4, "null")
                            .stringValue(5, "orch-1")
                            .stringValue(6, "orch-exec-1")
                            .stringValue(7, "@counter@c1")))
            .bytes();

    EntityRequest request = decode(EntityRequest.parser(), bytes);

    assertThat(request.getInstanceId()).isEqualTo("@counter@c1");
    assertThat(request.getExecutionId()).isEqualTo("exec-1");
    assertThat(request.getEntityState().getValue()).isEqualTo("10");
    assertThat(request.getOperationRequestsList()).hasSize(2);

    HistoryEvent first = request.getOperationRequests(0);
    assertThat(first.getEventId()).isEqualTo(1);
    assertThat(first.getTimestamp().getSeconds()).isEqualTo(1_000L);
    assertThat(first.getEventTypeCase())
        .isEqualTo(HistoryEvent.EventTypeCase.ENTITYOPERATIONSIGNALED);
    EntityOperationSignaledEvent signaled = first.getEntityOperationSignaled();
    assertThat(signaled.getRequestId()).isEqualTo("req-s");
    assertThat(signaled.getOperation()).isEqualTo("add");
    assertThat(signaled.getScheduledTime().getSeconds()).isEqualTo(2_000L);
    assertThat(signaled.getInput().getValue()).isEqualTo("5");
    assertThat(signaled.getTargetInstanceId().getValue()).isEqualTo("@counter@c1");

    HistoryEvent second = request.getOperationRequests(1);
    assertThat(second.getEventId()).isEqualTo(2);
    assertThat(second.getEventTypeCase())
        .isEqualTo(HistoryEvent.EventTypeCase.ENTITYOPERATIONCALLED);
    EntityOperationCalledEvent called = second.getEntityOperationCalled();
    assertThat(called.getRequestId()).isEqualTo("req-c");
    assertThat(called.getOperation()).isEqualTo("get");
    assertThat(called.hasScheduledTime()).isFalse();
    assertThat(called.getInput().getValue()).isEqualTo("null");
    assertThat(called.getParentInstanceId().getValue()).isEqualTo("orch-1");
    assertThat(called.getParentExecutionId().getValue()).isEqualTo("orch-exec-1");
    assertThat(called.getTargetInstanceId().getValue()).isEqualTo("@counter@c1");
  }

  @Test
  void entityBatchResult_decodesResultsActionsStateFailureTokenAndOperationInfos() {
    byte[] bytes =
        wire()
            .message(1, wire().message(1, wire().stringValue(1, "6")))
            .message(
                1, wire().message(2, wire().message(1, wire().string(1, "Oops").string(2, "bad"))))
            .message(2, wire().varint(1, 1).message(2, wire().string(1, "@other@x")))
            .stringValue(3, "6")
            .message(
                4,
                wire()
                    .string(1, "System.Exception")
                    .string(2, "batch failed")
                    .stringValue(3, "at Foo()")
                    .message(4, wire().string(1, "Inner").string(2, "cause"))
                    .bool(5, true)
                    .message(
                        6,
                        wire()
                            .string(1, "code")
                            .message(2, wire().string(VALUE_STRING_VALUE, "E42"))))
            .string(5, "token-9")
            .message(
                6,
                wire()
                    .string(1, "req-c")
                    .message(2, wire().string(1, "orch-1").stringValue(2, "orch-exec-1")))
            .message(6, wire().string(1, "req-s"))
            .bool(7, true)
            .bytes();

    EntityBatchResult result = decode(EntityBatchResult.parser(), bytes);

    assertThat(result.getResultsList())
        .extracting(OperationResult::getResultTypeCase)
        .containsExactly(
            OperationResult.ResultTypeCase.SUCCESS, OperationResult.ResultTypeCase.FAILURE);
    assertThat(result.getResults(0).getSuccess().getResult().getValue()).isEqualTo("6");
    assertThat(result.getResults(1).getFailure().getFailureDetails().getErrorType())
        .isEqualTo("Oops");
    assertThat(result.getActions(0).getSendSignal().getInstanceId()).isEqualTo("@other@x");
    assertThat(result.getEntityState().getValue()).isEqualTo("6");

    TaskFailureDetails failure = result.getFailureDetails();
    assertThat(failure.getErrorType()).isEqualTo("System.Exception");
    assertThat(failure.getErrorMessage()).isEqualTo("batch failed");
    assertThat(failure.getStackTrace().getValue()).isEqualTo("at Foo()");
    assertThat(failure.getInnerFailure().getErrorType()).isEqualTo("Inner");
    assertThat(failure.getInnerFailure().getErrorMessage()).isEqualTo("cause");
    assertThat(failure.getIsNonRetriable()).isTrue();
    assertThat(failure.getPropertiesMap()).containsOnlyKeys("code");
    assertThat(failure.getPropertiesMap().get("code").getStringValue()).isEqualTo("E42");

    assertThat(result.getCompletionToken()).isEqualTo("token-9");
    assertThat(result.getOperationInfosList())
        .extracting(OperationInfo::getRequestId)
        .containsExactly("req-c", "req-s");
    OrchestrationInstance destination = result.getOperationInfos(0).getResponseDestination();
    assertThat(destination.getInstanceId()).isEqualTo("orch-1");
    assertThat(destination.getExecutionId().getValue()).isEqualTo("orch-exec-1");
    assertThat(result.getOperationInfos(1).hasResponseDestination()).isFalse();
    assertThat(result.getRequiresState()).isTrue();
  }

  @Test
  void operationResult_decodesSuccessWithResultAndTimes() {
    byte[] bytes =
        wire()
            .message(1, wire().stringValue(1, "42").timestamp(2, 10L, 1).timestamp(3, 11L, 2))
            .bytes();

    OperationResult result = decode(OperationResult.parser(), bytes);

    assertThat(result.getResultTypeCase()).isEqualTo(OperationResult.ResultTypeCase.SUCCESS);
    OperationResultSuccess success = result.getSuccess();
    assertThat(success.getResult().getValue()).isEqualTo("42");
    assertThat(success.getStartTimeUtc().getSeconds()).isEqualTo(10L);
    assertThat(success.getStartTimeUtc().getNanos()).isEqualTo(1);
    assertThat(success.getEndTimeUtc().getSeconds()).isEqualTo(11L);
    assertThat(success.getEndTimeUtc().getNanos()).isEqualTo(2);
  }

  @Test
  void operationResult_decodesFailureWithDetailsAndTimes() {
    byte[] bytes =
        wire()
            .message(
                2,
                wire()
                    .message(1, wire().string(1, "IllegalStateException").string(2, "negative"))
                    .timestamp(2, 20L, 0)
                    .timestamp(3, 21L, 0))
            .bytes();

    OperationResult result = decode(OperationResult.parser(), bytes);

    assertThat(result.getResultTypeCase()).isEqualTo(OperationResult.ResultTypeCase.FAILURE);
    OperationResultFailure failure = result.getFailure();
    assertThat(failure.getFailureDetails().getErrorType()).isEqualTo("IllegalStateException");
    assertThat(failure.getFailureDetails().getErrorMessage()).isEqualTo("negative");
    assertThat(failure.getStartTimeUtc().getSeconds()).isEqualTo(20L);
    assertThat(failure.getEndTimeUtc().getSeconds()).isEqualTo(21L);
  }

  @Test
  void operationAction_decodesSendSignal() {
    byte[] bytes =
        wire()
            .varint(1, 3)
            .message(
                2,
                wire()
                    .string(1, "@counter@c2")
                    .string(2, "reset")
                    .stringValue(3, "0")
                    .timestamp(4, 30L, 0)
                    .timestamp(5, 29L, 0)
                    .message(6, wire().string(1, "00-signal-01")))
            .bytes();

    OperationAction action = decode(OperationAction.parser(), bytes);

    assertThat(action.getId()).isEqualTo(3);
    assertThat(action.getOperationActionTypeCase())
        .isEqualTo(OperationAction.OperationActionTypeCase.SENDSIGNAL);
    SendSignalAction signal = action.getSendSignal();
    assertThat(signal.getInstanceId()).isEqualTo("@counter@c2");
    assertThat(signal.getName()).isEqualTo("reset");
    assertThat(signal.getInput().getValue()).isEqualTo("0");
    assertThat(signal.getScheduledTime().getSeconds()).isEqualTo(30L);
    assertThat(signal.getRequestTime().getSeconds()).isEqualTo(29L);
    assertThat(signal.getParentTraceContext().getTraceParent()).isEqualTo("00-signal-01");
  }

  @Test
  void operationAction_decodesStartNewOrchestration() {
    byte[] bytes =
        wire()
            .varint(1, 4)
            .message(
                3,
                wire()
                    .string(1, "orch-9")
                    .string(2, "Workflow")
                    .stringValue(3, "v2")
                    .stringValue(4, "{}")
                    .timestamp(5, 40L, 0)
                    .timestamp(6, 39L, 0)
                    .message(7, wire().string(1, "00-start-01")))
            .bytes();

    OperationAction action = decode(OperationAction.parser(), bytes);

    assertThat(action.getId()).isEqualTo(4);
    assertThat(action.getOperationActionTypeCase())
        .isEqualTo(OperationAction.OperationActionTypeCase.STARTNEWORCHESTRATION);
    StartNewOrchestrationAction start = action.getStartNewOrchestration();
    assertThat(start.getInstanceId()).isEqualTo("orch-9");
    assertThat(start.getName()).isEqualTo("Workflow");
    assertThat(start.getVersion().getValue()).isEqualTo("v2");
    assertThat(start.getInput().getValue()).isEqualTo("{}");
    assertThat(start.getScheduledTime().getSeconds()).isEqualTo(40L);
    assertThat(start.getRequestTime().getSeconds()).isEqualTo(39L);
    assertThat(start.getParentTraceContext().getTraceParent()).isEqualTo("00-start-01");
  }

  // ---------------------------------------------------------------------------------------------
  // Entity history events and orchestrator entity messages
  // ---------------------------------------------------------------------------------------------

  @Test
  void historyEvent_decodesEntityOperationCompletedAsField25() {
    byte[] bytes =
        wire().varint(1, 7).message(25, wire().string(1, "req-c").stringValue(2, "11")).bytes();

    HistoryEvent event = decode(HistoryEvent.parser(), bytes);

    assertThat(event.getEventId()).isEqualTo(7);
    assertThat(event.getEventTypeCase())
        .isEqualTo(HistoryEvent.EventTypeCase.ENTITYOPERATIONCOMPLETED);
    assertThat(event.getEntityOperationCompleted().getRequestId()).isEqualTo("req-c");
    assertThat(event.getEntityOperationCompleted().getOutput().getValue()).isEqualTo("11");
  }

  @Test
  void historyEvent_decodesEntityOperationFailedAsField26() {
    byte[] bytes =
        wire()
            .varint(1, 8)
            .message(
                26,
                wire().string(1, "req-f").message(2, wire().string(1, "Boom").string(2, "failed")))
            .bytes();

    HistoryEvent event = decode(HistoryEvent.parser(), bytes);

    assertThat(event.getEventTypeCase())
        .isEqualTo(HistoryEvent.EventTypeCase.ENTITYOPERATIONFAILED);
    EntityOperationFailedEvent failed = event.getEntityOperationFailed();
    assertThat(failed.getRequestId()).isEqualTo("req-f");
    assertThat(failed.getFailureDetails().getErrorType()).isEqualTo("Boom");
    assertThat(failed.getFailureDetails().getErrorMessage()).isEqualTo("failed");
  }

  @Test
  void historyEvent_decodesEntityLockGrantedAsField28() {
    byte[] bytes = wire().varint(1, 9).message(28, wire().string(1, "cs-1")).bytes();

    HistoryEvent event = decode(HistoryEvent.parser(), bytes);

    assertThat(event.getEventTypeCase()).isEqualTo(HistoryEvent.EventTypeCase.ENTITYLOCKGRANTED);
    assertThat(event.getEntityLockGranted().getCriticalSectionId()).isEqualTo("cs-1");
  }

  @Test
  void historyEvent_decodesEntityLockRequestedAndUnlockSentAsFields27And29() {
    byte[] lockRequested =
        wire().message(27, wire().string(1, "cs-2").string(2, "@a@1").varint(3, 2)).bytes();
    byte[] unlockSent = wire().message(29, wire().string(1, "cs-2").stringValue(3, "@a@1")).bytes();

    HistoryEvent requested = decode(HistoryEvent.parser(), lockRequested);
    HistoryEvent unlocked = decode(HistoryEvent.parser(), unlockSent);

    assertThat(requested.getEventTypeCase())
        .isEqualTo(HistoryEvent.EventTypeCase.ENTITYLOCKREQUESTED);
    assertThat(requested.getEntityLockRequested().getCriticalSectionId()).isEqualTo("cs-2");
    assertThat(requested.getEntityLockRequested().getLockSetList()).containsExactly("@a@1");
    assertThat(requested.getEntityLockRequested().getPosition()).isEqualTo(2);
    assertThat(unlocked.getEventTypeCase()).isEqualTo(HistoryEvent.EventTypeCase.ENTITYUNLOCKSENT);
    assertThat(unlocked.getEntityUnlockSent().getTargetInstanceId().getValue()).isEqualTo("@a@1");
  }

  @Test
  void sendEntityMessageAction_decodesEntityOperationSignaled() {
    byte[] bytes =
        wire()
            .message(
                1,
                wire().string(1, "req-1").string(2, "add").timestamp(3, 50L, 0).stringValue(4, "2"))
            .bytes();

    SendEntityMessageAction action = decode(SendEntityMessageAction.parser(), bytes);

    assertThat(action.getEntityMessageTypeCase())
        .isEqualTo(SendEntityMessageAction.EntityMessageTypeCase.ENTITYOPERATIONSIGNALED);
    EntityOperationSignaledEvent signaled = action.getEntityOperationSignaled();
    assertThat(signaled.getRequestId()).isEqualTo("req-1");
    assertThat(signaled.getOperation()).isEqualTo("add");
    assertThat(signaled.getScheduledTime().getSeconds()).isEqualTo(50L);
    assertThat(signaled.getInput().getValue()).isEqualTo("2");
  }

  @Test
  void sendEntityMessageAction_decodesEntityOperationCalled() {
    byte[] bytes =
        wire()
            .message(
                2,
                wire()
                    .string(1, "req-2")
                    .string(2, "get")
                    .stringValue(5, "orch-1")
                    .stringValue(6, "orch-exec-1"))
            .bytes();

    SendEntityMessageAction action = decode(SendEntityMessageAction.parser(), bytes);

    assertThat(action.getEntityMessageTypeCase())
        .isEqualTo(SendEntityMessageAction.EntityMessageTypeCase.ENTITYOPERATIONCALLED);
    EntityOperationCalledEvent called = action.getEntityOperationCalled();
    assertThat(called.getRequestId()).isEqualTo("req-2");
    assertThat(called.getOperation()).isEqualTo("get");
    assertThat(called.getParentInstanceId().getValue()).isEqualTo("orch-1");
    assertThat(called.getParentExecutionId().getValue()).isEqualTo("orch-exec-1");
    assertThat(called.hasTargetInstanceId()).isFalse();
  }

  @Test
  void sendEntityMessageAction_decodesEntityLockRequested() {
    byte[] bytes =
        wire()
            .message(
                3,
                wire()
                    .string(1, "cs-3")
                    .string(2, "@account@a")
                    .string(2, "@account@b")
                    .varint(3, 1)
                    .stringValue(4, "orch-2"))
            .bytes();

    SendEntityMessageAction action = decode(SendEntityMessageAction.parser(), bytes);

    assertThat(action.getEntityMessageTypeCase())
        .isEqualTo(SendEntityMessageAction.EntityMessageTypeCase.ENTITYLOCKREQUESTED);
    EntityLockRequestedEvent lock = action.getEntityLockRequested();
    assertThat(lock.getCriticalSectionId()).isEqualTo("cs-3");
    assertThat(lock.getLockSetList()).containsExactly("@account@a", "@account@b");
    assertThat(lock.getPosition()).isEqualTo(1);
    assertThat(lock.getParentInstanceId().getValue()).isEqualTo("orch-2");
  }

  @Test
  void sendEntityMessageAction_decodesEntityUnlockSent() {
    byte[] bytes =
        wire()
            .message(4, wire().string(1, "cs-3").stringValue(2, "orch-2").stringValue(3, "@a@b"))
            .bytes();

    SendEntityMessageAction action = decode(SendEntityMessageAction.parser(), bytes);

    assertThat(action.getEntityMessageTypeCase())
        .isEqualTo(SendEntityMessageAction.EntityMessageTypeCase.ENTITYUNLOCKSENT);
    EntityUnlockSentEvent unlock = action.getEntityUnlockSent();
    assertThat(unlock.getCriticalSectionId()).isEqualTo("cs-3");
    assertThat(unlock.getParentInstanceId().getValue()).isEqualTo("orch-2");
    assertThat(unlock.getTargetInstanceId().getValue()).isEqualTo("@a@b");
  }

  @Test
  void orchestratorAction_decodesSendEntityMessageAsField8() {
    byte[] bytes =
        wire().varint(1, 12).message(8, wire().message(4, wire().string(1, "cs-4"))).bytes();

    OrchestratorAction action = decode(OrchestratorAction.parser(), bytes);

    assertThat(action.getId()).isEqualTo(12);
    assertThat(action.getOrchestratorActionTypeCase())
        .isEqualTo(OrchestratorAction.OrchestratorActionTypeCase.SENDENTITYMESSAGE);
    assertThat(action.getSendEntityMessage().getEntityUnlockSent().getCriticalSectionId())
        .isEqualTo("cs-4");
  }

  // ---------------------------------------------------------------------------------------------
  // Orchestrations, work-item stream, purge
  // ---------------------------------------------------------------------------------------------

  @Test
  void orchestratorRequest_decodesEventsAndEntityParameters() {
    byte[] bytes =
        wire()
            .string(1, "orch-1")
            .stringValue(2, "exec-1")
            .message(3, wire().message(14, wire()))
            .message(4, wire().varint(1, 1).message(28, wire().string(1, "cs-1")))
            .message(5, wire().duration(1, 30L, 0))
            .bool(6, true)
            .message(8, wire().stringValue(1, "span-1").timestamp(2, 60L, 0))
            .bytes();

    OrchestratorRequest request = decode(OrchestratorRequest.parser(), bytes);

    assertThat(request.getInstanceId()).isEqualTo("orch-1");
    assertThat(request.getExecutionId().getValue()).isEqualTo("exec-1");
    assertThat(request.getPastEvents(0).getEventTypeCase())
        .isEqualTo(HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED);
    assertThat(request.getNewEvents(0).getEntityLockGranted().getCriticalSectionId())
        .isEqualTo("cs-1");
    assertThat(request.getEntityParameters().getEntityMessageReorderWindow().getSeconds())
        .isEqualTo(30L);
    assertThat(request.getRequiresHistoryStreaming()).isTrue();
    assertThat(request.getOrchestrationTraceContext().getSpanID().getValue()).isEqualTo("span-1");
    assertThat(request.getOrchestrationTraceContext().getSpanStartTime().getSeconds())
        .isEqualTo(60L);
  }

  @Test
  void getWorkItemsRequest_decodesConcurrencyLimitsCapabilitiesAndFilters() {
    byte[] bytes =
        wire()
            .varint(1, 10)
            .varint(2, 20)
            .varint(3, 5)
            .packedVarints(10, 1, 3)
            .message(
                11,
                wire()
                    .message(1, wire().string(1, "Workflow").string(2, "v1"))
                    .message(2, wire().string(1, "SendMail"))
                    .message(3, wire().string(1, "counter")))
            .bytes();

    GetWorkItemsRequest request = decode(GetWorkItemsRequest.parser(), bytes);

    assertThat(request.getMaxConcurrentOrchestrationWorkItems()).isEqualTo(10);
    assertThat(request.getMaxConcurrentActivityWorkItems()).isEqualTo(20);
    assertThat(request.getMaxConcurrentEntityWorkItems()).isEqualTo(5);
    assertThat(request.getCapabilitiesList())
        .containsExactly(
            WorkerCapability.WORKER_CAPABILITY_HISTORY_STREAMING,
            WorkerCapability.WORKER_CAPABILITY_LARGE_PAYLOADS);
    WorkItemFilters filters = request.getWorkItemFilters();
    assertThat(filters.getOrchestrations(0).getName()).isEqualTo("Workflow");
    assertThat(filters.getOrchestrations(0).getVersionsList()).containsExactly("v1");
    assertThat(filters.getActivities(0).getName()).isEqualTo("SendMail");
    assertThat(filters.getEntities(0).getName()).isEqualTo("counter");
  }

  @Test
  void purgeInstancesRequest_decodesSingleInstanceWithRecursiveAndIsOrchestration() {
    byte[] bytes = wire().string(1, "@counter@c1").bool(3, true).bool(5, true).bytes();

    PurgeInstancesRequest request = decode(PurgeInstancesRequest.parser(), bytes);

    assertThat(request.getRequestCase()).isEqualTo(PurgeInstancesRequest.RequestCase.INSTANCEID);
    assertThat(request.getInstanceId()).isEqualTo("@counter@c1");
    assertThat(request.getRecursive()).isTrue();
    assertThat(request.getIsOrchestration()).isTrue();
  }

  @Test
  void purgeInstancesRequest_decodesFilterWithStatusesAndTimeout() {
    byte[] bytes =
        wire()
            .message(
                2,
                wire()
                    .timestamp(1, 70L, 0)
                    .timestamp(2, 80L, 0)
                    .packedVarints(3, 1, 3, 5)
                    .duration(4, 15L, 0))
            .bytes();

    PurgeInstancesRequest request = decode(PurgeInstancesRequest.parser(), bytes);

    assertThat(request.getRequestCase())
        .isEqualTo(PurgeInstancesRequest.RequestCase.PURGEINSTANCEFILTER);
    PurgeInstanceFilter filter = request.getPurgeInstanceFilter();
    assertThat(filter.getCreatedTimeFrom().getSeconds()).isEqualTo(70L);
    assertThat(filter.getCreatedTimeTo().getSeconds()).isEqualTo(80L);
    assertThat(filter.getRuntimeStatusList())
        .containsExactly(
            OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED,
            OrchestrationStatus.ORCHESTRATION_STATUS_FAILED,
            OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED);
    assertThat(filter.getTimeout().getSeconds()).isEqualTo(15L);
  }

  @Test
  void purgeInstancesRequest_decodesInstanceBatchAsField4() {
    byte[] bytes = wire().message(4, wire().string(1, "a").string(1, "b")).bytes();

    PurgeInstancesRequest request = decode(PurgeInstancesRequest.parser(), bytes);

    assertThat(request.getRequestCase()).isEqualTo(PurgeInstancesRequest.RequestCase.INSTANCEBATCH);
    assertThat(request.getInstanceBatch().getInstanceIdsList()).containsExactly("a", "b");
  }

  @Test
  void purgeInstancesResponse_decodesCountAndIsCompleteBoolValue() {
    byte[] bytes = wire().varint(1, 3).message(2, wire().bool(1, true)).bytes();

    PurgeInstancesResponse response = decode(PurgeInstancesResponse.parser(), bytes);

    assertThat(response.getDeletedInstanceCount()).isEqualTo(3);
    assertThat(response.getIsComplete().getValue()).isTrue();
  }

  @Test
  void enums_carryPublicNumbers() {
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (OrchestrationStatus status : OrchestrationStatus.values()) {
      if (status != OrchestrationStatus.UNRECOGNIZED) {
        statuses.put(status.name(), status.getNumber());
      }
    }
    Map<String, Integer> capabilities = new LinkedHashMap<>();
    for (WorkerCapability capability : WorkerCapability.values()) {
      if (capability != WorkerCapability.UNRECOGNIZED) {
        capabilities.put(capability.name(), capability.getNumber());
      }
    }

    assertThat(statuses)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ORCHESTRATION_STATUS_RUNNING", 0,
                "ORCHESTRATION_STATUS_COMPLETED", 1,
                "ORCHESTRATION_STATUS_CONTINUED_AS_NEW", 2,
                "ORCHESTRATION_STATUS_FAILED", 3,
                "ORCHESTRATION_STATUS_CANCELED", 4,
                "ORCHESTRATION_STATUS_TERMINATED", 5,
                "ORCHESTRATION_STATUS_PENDING", 6,
                "ORCHESTRATION_STATUS_SUSPENDED", 7));
    assertThat(capabilities)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "WORKER_CAPABILITY_UNSPECIFIED", 0,
                "WORKER_CAPABILITY_HISTORY_STREAMING", 1,
                "WORKER_CAPABILITY_SCHEDULED_TASKS", 2,
                "WORKER_CAPABILITY_LARGE_PAYLOADS", 3));
  }

  // ---------------------------------------------------------------------------------------------
  // Service
  // ---------------------------------------------------------------------------------------------

  @Test
  void protoFile_declaresNoPackage() {
    assertThat(OrchestratorService.getDescriptor().getPackage()).isEmpty();
    assertThat(SignalEntityRequest.getDescriptor().getFullName()).isEqualTo("SignalEntityRequest");
  }

  @Test
  void service_isNamedTaskHubSidecarServiceWithoutPackage() {
    assertThat(TaskHubSidecarServiceGrpc.SERVICE_NAME).isEqualTo("TaskHubSidecarService");
    assertThat(TaskHubSidecarServiceGrpc.getServiceDescriptor().getName())
        .isEqualTo("TaskHubSidecarService");
  }

  @Test
  void service_exposesEveryPublicRpcWithItsMethodTypeAndMessages() {
    List<Rpc> expected =
        List.of(
            unary("Hello", "google.protobuf.Empty", "google.protobuf.Empty"),
            unary("StartInstance", "CreateInstanceRequest", "CreateInstanceResponse"),
            unary("GetInstance", "GetInstanceRequest", "GetInstanceResponse"),
            unary("RewindInstance", "RewindInstanceRequest", "RewindInstanceResponse"),
            unary("RestartInstance", "RestartInstanceRequest", "RestartInstanceResponse"),
            unary("WaitForInstanceStart", "GetInstanceRequest", "GetInstanceResponse"),
            unary("WaitForInstanceCompletion", "GetInstanceRequest", "GetInstanceResponse"),
            unary("RaiseEvent", "RaiseEventRequest", "RaiseEventResponse"),
            unary("TerminateInstance", "TerminateRequest", "TerminateResponse"),
            unary("SuspendInstance", "SuspendRequest", "SuspendResponse"),
            unary("ResumeInstance", "ResumeRequest", "ResumeResponse"),
            unary("QueryInstances", "QueryInstancesRequest", "QueryInstancesResponse"),
            unary("ListInstanceIds", "ListInstanceIdsRequest", "ListInstanceIdsResponse"),
            unary("PurgeInstances", "PurgeInstancesRequest", "PurgeInstancesResponse"),
            serverStreaming("GetWorkItems", "GetWorkItemsRequest", "WorkItem"),
            unary("CompleteActivityTask", "ActivityResponse", "CompleteTaskResponse"),
            unary("CompleteOrchestratorTask", "OrchestratorResponse", "CompleteTaskResponse"),
            unary("CompleteEntityTask", "EntityBatchResult", "CompleteTaskResponse"),
            serverStreaming(
                "StreamInstanceHistory", "StreamInstanceHistoryRequest", "HistoryChunk"),
            unary("CreateTaskHub", "CreateTaskHubRequest", "CreateTaskHubResponse"),
            unary("DeleteTaskHub", "DeleteTaskHubRequest", "DeleteTaskHubResponse"),
            unary("SignalEntity", "SignalEntityRequest", "SignalEntityResponse"),
            unary("GetEntity", "GetEntityRequest", "GetEntityResponse"),
            unary("QueryEntities", "QueryEntitiesRequest", "QueryEntitiesResponse"),
            unary("CleanEntityStorage", "CleanEntityStorageRequest", "CleanEntityStorageResponse"),
            unary(
                "AbandonTaskActivityWorkItem",
                "AbandonActivityTaskRequest",
                "AbandonActivityTaskResponse"),
            unary(
                "AbandonTaskOrchestratorWorkItem",
                "AbandonOrchestrationTaskRequest",
                "AbandonOrchestrationTaskResponse"),
            unary(
                "AbandonTaskEntityWorkItem",
                "AbandonEntityTaskRequest",
                "AbandonEntityTaskResponse"),
            unary(
                "SkipGracefulOrchestrationTerminations",
                "SkipGracefulOrchestrationTerminationsRequest",
                "SkipGracefulOrchestrationTerminationsResponse"));

    ServiceDescriptor grpcService = TaskHubSidecarServiceGrpc.getServiceDescriptor();
    Descriptors.ServiceDescriptor protoService =
        OrchestratorService.getDescriptor().findServiceByName("TaskHubSidecarService");
    List<Rpc> actual =
        grpcService.getMethods().stream()
            .map(
                method -> {
                  Descriptors.MethodDescriptor proto =
                      protoService.findMethodByName(method.getBareMethodName());
                  return new Rpc(
                      method.getFullMethodName(),
                      method.getType(),
                      proto.getInputType().getFullName(),
                      proto.getOutputType().getFullName());
                })
            .collect(Collectors.toList());

    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void service_entityMethodsUseThePublicPaths() {
    assertThat(TaskHubSidecarServiceGrpc.getSignalEntityMethod().getFullMethodName())
        .isEqualTo("TaskHubSidecarService/SignalEntity");
    assertThat(TaskHubSidecarServiceGrpc.getCompleteEntityTaskMethod().getFullMethodName())
        .isEqualTo("TaskHubSidecarService/CompleteEntityTask");
    assertThat(TaskHubSidecarServiceGrpc.getAbandonTaskEntityWorkItemMethod().getFullMethodName())
        .isEqualTo("TaskHubSidecarService/AbandonTaskEntityWorkItem");
    MethodDescriptor<GetWorkItemsRequest, WorkItem> getWorkItems =
        TaskHubSidecarServiceGrpc.getGetWorkItemsMethod();
    assertThat(getWorkItems.getFullMethodName()).isEqualTo("TaskHubSidecarService/GetWorkItems");
    assertThat(getWorkItems.getType()).isEqualTo(MethodType.SERVER_STREAMING);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  private record Rpc(String fullName, MethodType type, String request, String response) {}

  private static Rpc unary(String name, String request, String response) {
    return new Rpc("TaskHubSidecarService/" + name, MethodType.UNARY, request, response);
  }

  private static Rpc serverStreaming(String name, String request, String response) {
    return new Rpc("TaskHubSidecarService/" + name, MethodType.SERVER_STREAMING, request, response);
  }

  /**
   * Parses with the generated parser, then checks that no field went unrecognised anywhere in the
   * tree and that re-encoding gives back the same bytes (payloads are written in field order).
   */
  private static <T extends Message> T decode(Parser<T> parser, byte[] bytes) {
    T message;
    try {
      message = parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("payload does not parse", e);
    }
    assertNoUnknownFields(message);
    assertThat(message.toByteArray()).as("re-encoded bytes").isEqualTo(bytes);
    return message;
  }

  private static void assertNoUnknownFields(Message message) {
    assertThat(message.getUnknownFields().asMap())
        .as("unknown fields in %s", message.getDescriptorForType().getFullName())
        .isEmpty();
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              if (field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                return;
              }
              if (field.isRepeated()) {
                for (Object element : (List<?>) value) {
                  assertNoUnknownFields((Message) element);
                }
              } else {
                assertNoUnknownFields((Message) value);
              }
            });
  }

  private static Wire wire() {
    return new Wire();
  }

  /** Writes protobuf fields tag by tag: explicit field number and wire type, then the payload. */
  private static final class Wire {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    Wire varint(int field, long value) {
      return write(
          () -> {
            out.writeTag(field, WireFormat.WIRETYPE_VARINT);
            out.writeUInt64NoTag(value);
          });
    }

    Wire bool(int field, boolean value) {
      return varint(field, value ? 1 : 0);
    }

    Wire string(int field, String value) {
      return write(
          () -> {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeStringNoTag(value);
          });
    }

    Wire message(int field, Wire nested) {
      byte[] payload = nested.bytes();
      return write(
          () -> {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeByteArrayNoTag(payload);
          });
    }

    Wire packedVarints(int field, long... values) {
      Wire payload = new Wire();
      for (long value : values) {
        payload.write(() -> payload.out.writeUInt64NoTag(value));
      }
      byte[] packed = payload.bytes();
      return write(
          () -> {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeByteArrayNoTag(packed);
          });
    }

    /** google.protobuf.StringValue: value = 1. */
    Wire stringValue(int field, String value) {
      return message(field, new Wire().string(1, value));
    }

    /** google.protobuf.Int32Value: value = 1. */
    Wire int32Value(int field, int value) {
      return message(field, new Wire().varint(1, value));
    }

    /** google.protobuf.Timestamp: seconds = 1, nanos = 2. */
    Wire timestamp(int field, long seconds, int nanos) {
      return secondsAndNanos(field, seconds, nanos);
    }

    /** google.protobuf.Duration: seconds = 1, nanos = 2. */
    Wire duration(int field, long seconds, int nanos) {
      return secondsAndNanos(field, seconds, nanos);
    }

    /** Zero parts are left out, as a proto3 encoder would. */
    private Wire secondsAndNanos(int field, long seconds, int nanos) {
      Wire timestamp = new Wire();
      if (seconds != 0) {
        timestamp.varint(1, seconds);
      }
      if (nanos != 0) {
        timestamp.varint(2, nanos);
      }
      return message(field, timestamp);
    }

    byte[] bytes() {
      write(out::flush);
      return buffer.toByteArray();
    }

    private Wire write(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
