package io.durableentities.scheduler.internal.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Lets a call through only when it sends {@code authorization: Bearer <token>} with the scheduler's
 * token, compared in constant time ({@link MessageDigest#isEqual}); any other call is closed with
 * UNAUTHENTICATED before its request is read, and counted in one rate-limited log line.
 */
final class BearerTokenAuth implements ServerInterceptor {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final String SCHEME = "bearer ";

  private final byte[] token;
  private final RateLimitedLog log;

  BearerTokenAuth(String token, RateLimitedLog log) {
    this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.US_ASCII);
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String problem = problem(headers.get(AUTHORIZATION));
    if (problem == null) {
      return next.startCall(call, headers);
    }
    String rpc = call.getMethodDescriptor().getBareMethodName();
    log.log(
        "unauthenticated",
        "Refused a "
            + rpc
            + " call from "
            + call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
            + " with UNAUTHENTICATED: "
            + problem);
    call.close(
        Status.UNAUTHENTICATED.withDescription(
            rpc
                + ": "
                + problem
                + "; this scheduler requires 'authorization: Bearer <token>' (our connection"
                + " string: Authentication=Token;Token=<token>)"),
        new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** Why {@code authorization} does not carry the token, or null when it does. */
  private String problem(String authorization) {
    if (authorization == null) {
      return "the call has no authorization header";
    }
    if (authorization.length() < SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return "the authorization header is not a bearer token";
    }
    byte[] sent =
        authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(sent, token) ? null : "the bearer token is not this scheduler's";
  }
}
