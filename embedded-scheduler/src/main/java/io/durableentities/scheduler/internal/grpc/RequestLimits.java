package io.durableentities.scheduler.internal.grpc;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.ListInstanceIdsRequest;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.ResumeRequest;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.StreamInstanceHistoryRequest;
import io.durableentities.protocol.internal.SuspendRequest;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.scheduler.internal.limits.TextRules;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses, with INVALID_ARGUMENT and before the engine sees it, a client request whose instance ids
 * or names break {@link TextRules} (longer than {@value TextRules#MAX_ID_LENGTH} characters, or
 * with a control character such as NUL or a newline): every RPC that takes an instance id ({@code
 * StartInstance}, {@code GetInstance}, the two waits, {@code RaiseEvent}, {@code
 * TerminateInstance}, {@code SuspendInstance}, {@code ResumeInstance}, {@code PurgeInstances},
 * {@code StreamInstanceHistory}, {@code SignalEntity}, {@code GetEntity}), the orchestration name
 * and version of a start, the event name of a raise, the operation name of a signal, and the prefix
 * and key of instance queries, and the prefix of entity queries. The message quotes the value
 * shortened ({@link io.durableentities.scheduler.internal.limits.Echo}).
 */
final class RequestLimits implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String rpc = call.getMethodDescriptor().getBareMethodName();
    return new RejectingListener<>(call, next.startCall(call, headers)) {
      @Override
      Status check(Q request) {
        String problem = problem(request);
        return problem == null
            ? null
            : Status.INVALID_ARGUMENT.withDescription(rpc + ": " + problem);
      }
    };
  }

  /** Why a request breaks the rules, or null. */
  static String problem(Object request) {
    if (request instanceof CreateInstanceRequest r) {
      return first(
          id(r.getInstanceId()),
          TextRules.problem("the orchestration name", r.getName()),
          optional("the version", r.hasVersion(), r.getVersion()),
          optional("the execution id", r.hasExecutionId(), r.getExecutionId()));
    }
    if (request instanceof GetInstanceRequest r) {
      return id(r.getInstanceId());
    }
    if (request instanceof RaiseEventRequest r) {
      return first(id(r.getInstanceId()), TextRules.problem("the event name", r.getName()));
    }
    if (request instanceof TerminateRequest r) {
      return id(r.getInstanceId());
    }
    if (request instanceof SuspendRequest r) {
      return id(r.getInstanceId());
    }
    if (request instanceof ResumeRequest r) {
      return id(r.getInstanceId());
    }
    if (request instanceof PurgeInstancesRequest r) {
      String problem = id(r.getInstanceId());
      for (int i = 0; problem == null && i < r.getInstanceBatch().getInstanceIdsCount(); i++) {
        problem = id(r.getInstanceBatch().getInstanceIds(i));
      }
      return problem;
    }
    if (request instanceof StreamInstanceHistoryRequest r) {
      return first(
          id(r.getInstanceId()),
          optional("the execution id", r.hasExecutionId(), r.getExecutionId()));
    }
    if (request instanceof SignalEntityRequest r) {
      return first(
          TextRules.problem("the entity id", r.getInstanceId()),
          TextRules.problem("the operation name", r.getName()));
    }
    if (request instanceof GetEntityRequest r) {
      return TextRules.problem("the entity id", r.getInstanceId());
    }
    if (request instanceof QueryInstancesRequest r) {
      return optional(
          "the instance id prefix",
          r.getQuery().hasInstanceIdPrefix(),
          r.getQuery().getInstanceIdPrefix());
    }
    if (request instanceof QueryEntitiesRequest r) {
      return optional(
          "the entity id prefix",
          r.getQuery().hasInstanceIdStartsWith(),
          r.getQuery().getInstanceIdStartsWith());
    }
    if (request instanceof ListInstanceIdsRequest r) {
      return optional("the last instance key", r.hasLastInstanceKey(), r.getLastInstanceKey());
    }
    return null;
  }

  private static String id(String instanceId) {
    return TextRules.problem("the instance id", instanceId);
  }

  private static String optional(String what, boolean present, StringValue value) {
    return present ? TextRules.problem(what, value.getValue()) : null;
  }

  private static String first(String... problems) {
    for (String p : problems) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }
}
