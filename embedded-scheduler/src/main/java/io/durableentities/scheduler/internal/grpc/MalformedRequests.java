package io.durableentities.scheduler.internal.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.durableentities.scheduler.internal.limits.Echo;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * Answers a request whose body is not a valid protobuf message of its RPC (garbage, a truncated
 * message, invalid UTF-8 in a string field) with INVALID_ARGUMENT and one rate-limited log line,
 * instead of gRPC's {@code UNKNOWN: Application error processing RPC} and a stack trace per
 * request.
 *
 * <p>gRPC parses a request before any interceptor's listener sees it, and a failed parse escapes to
 * the transport. So the service is served with raw messages ({@link
 * ServerInterceptors#useMarshalledMessages}, grpc-java's way to see a request before it is parsed):
 * the parse then happens inside this interceptor's listener, which catches the failure. Both
 * marshallers pass the stream through untouched, so a response is serialized exactly once, as
 * before.
 */
final class MalformedRequests implements ServerInterceptor {

  private final RateLimitedLog log;

  private MalformedRequests(RateLimitedLog log) {
    this.log = log;
  }

  /**
   * Returns {@code service} served with raw messages behind this guard.
   *
   * @param service the typed service (with its own interceptors)
   * @param log where the refusals are logged
   * @return the guarded service
   */
  static ServerServiceDefinition guard(ServerServiceDefinition service, RateLimitedLog log) {
    return ServerInterceptors.intercept(
        ServerInterceptors.useMarshalledMessages(service, Marshallers.RAW, Marshallers.RAW),
        new MalformedRequests(log));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new RejectingListener<>(call, next.startCall(call, headers)) {
      @Override
      Status check(Q request) {
        return null;
      }

      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          InvalidProtocolBufferException cause = parseFailure(e);
          if (cause == null) {
            throw e;
          }
          refuse(call, cause);
          reject(
              Status.INVALID_ARGUMENT.withDescription(
                  call.getMethodDescriptor().getBareMethodName()
                      + ": the request is not a valid protobuf message of this RPC ("
                      + Echo.of(cause.getMessage())
                      + ")"));
        }
      }
    };
  }

  private void refuse(ServerCall<?, ?> call, InvalidProtocolBufferException cause) {
    log.log(
        "malformed-request",
        "Refused a malformed "
            + call.getMethodDescriptor().getBareMethodName()
            + " request from "
            + call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
            + " with INVALID_ARGUMENT: "
            + Echo.of(cause.getMessage()));
  }

  /** The protobuf parse failure behind {@code e}, or null when {@code e} is something else. */
  private static InvalidProtocolBufferException parseFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException p) {
        return p;
      }
    }
    return null;
  }
}
