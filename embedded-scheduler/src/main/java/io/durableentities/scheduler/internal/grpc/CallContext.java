package io.durableentities.scheduler.internal.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;

/**
 * Per-call facts taken from the transport: the task hub (the {@code taskhub} header, {@code
 * default} when absent) and the caller's connection (its remote address), which lets a completion
 * without a token find the work item leased on the same connection.
 */
final class CallContext implements ServerInterceptor {

  static final String DEFAULT_HUB = "default";
  static final int MAX_HUB_LENGTH = 256;

  static final Metadata.Key<String> TASKHUB_HEADER =
      Metadata.Key.of("taskhub", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Sent by a worker on an abandon call when it abandons because it is shutting down (value {@value
   * #SHUTDOWN}); such an abandon does not count as a failed delivery. Not part of the public
   * contract: other SDKs do not send it, and their abandons count.
   */
  static final Metadata.Key<String> ABANDON_REASON_HEADER =
      Metadata.Key.of("x-abandon-reason", Metadata.ASCII_STRING_MARSHALLER);

  /** The {@link #ABANDON_REASON_HEADER} value of a worker that is shutting down. */
  static final String SHUTDOWN = "shutdown";

  static final Context.Key<String> HUB = Context.key("taskhub");
  static final Context.Key<Boolean> SHUTTING_DOWN = Context.key("abandon-shutdown");
  static final Context.Key<SocketAddress> CONNECTION = Context.key("connection");
  static final Context.Key<Boolean> READS_ENTITY_TRACES = Context.key("reads-entity-traces");

  /** The {@code x-user-agent} header, which Durable Task SDKs send. */
  static final Metadata.Key<String> USER_AGENT_HEADER =
      Metadata.Key.of("x-user-agent", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * The {@code x-user-agent} prefix of this project's worker ({@code
   * durable-entities-java/<version>}), which reads V1 entity work items with their trace contexts
   * and echoes their completion tokens.
   */
  static final String ENTITIES_JAVA_AGENT = "durable-entities-java/";

  static String hub() {
    String hub = HUB.get();
    return hub == null ? DEFAULT_HUB : hub;
  }

  static Object connection() {
    return CONNECTION.get();
  }

  /**
   * Whether the caller is a worker known to read V1 entity work items, with their operations' trace
   * contexts, and to complete them with their completion tokens: this project's worker. The .NET
   * SDK's worker completes V1 items without a token (its V1 path is for hosts that track work items
   * themselves); other SDKs get the V2 items DTS sends.
   */
  static boolean readsEntityTraces() {
    return Boolean.TRUE.equals(READS_ENTITY_TRACES.get());
  }

  /** Whether the caller said it abandons because it is shutting down. */
  static boolean shuttingDown() {
    return Boolean.TRUE.equals(SHUTTING_DOWN.get());
  }

  private static boolean readsEntityTraces(String userAgent) {
    return userAgent != null && userAgent.startsWith(ENTITIES_JAVA_AGENT);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String hub = headers.get(TASKHUB_HEADER);
    hub = hub == null || hub.isBlank() ? DEFAULT_HUB : hub.trim();
    if (hub.length() > MAX_HUB_LENGTH || hub.chars().anyMatch(Character::isISOControl)) {
      call.close(
          Status.INVALID_ARGUMENT.withDescription(
              "Invalid taskhub header: a task hub name has at most "
                  + MAX_HUB_LENGTH
                  + " printable characters"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context =
        Context.current()
            .withValues(
                HUB,
                hub,
                CONNECTION,
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                SHUTTING_DOWN,
                SHUTDOWN.equals(headers.get(ABANDON_REASON_HEADER)))
            .withValue(READS_ENTITY_TRACES, readsEntityTraces(headers.get(USER_AGENT_HEADER)));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
