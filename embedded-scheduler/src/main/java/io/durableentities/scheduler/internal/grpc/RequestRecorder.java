package io.durableentities.scheduler.internal.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.durableentities.protocol.internal.OrchestratorService;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every request the scheduler receives to a file, one JSON object per line ({@code
 * --record-requests FILE}, {@code SchedulerOptions.Builder.recordRequests}): what a client or
 * worker sends, for users debugging their own clients, and for the interop tests that compare what
 * the official SDKs and ours put on the wire.
 *
 * <p>A line is {@code {"time": ..., "rpc": "SignalEntity", "peer": "/127.0.0.1:50312", "headers":
 * {"taskhub": "default", "user-agent": "...", ...}, "request": {...}}}: the request as protobuf's
 * {@link JsonFormat} prints it, so a field left at its default is absent, as it is on the wire. A
 * header with one value is a string, with several an array; binary ({@code -bin}) headers are
 * base64. The credential in {@code authorization}, {@code proxy-authorization} and {@code cookie}
 * is replaced by its length ({@code "Bearer <redacted: 44 characters>"}), so the file shows the
 * header's shape and never the secret. Request bodies (inputs, states) are written as they are.
 *
 * <p>It sees a call before the token check and before a malformed body is refused, so refused calls
 * are recorded too: one refused before its request is read (a missing or wrong token) with {@code
 * "refused"} and its status instead of the request, and a body that does not parse as its RPC's
 * request as {@code "unparsable"} with its size. Each request is written and flushed before the
 * call goes on: a debugging aid, which slows every call by a file write.
 */
public final class RequestRecorder implements ServerInterceptor, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RequestRecorder.class);

  private static final Descriptors.ServiceDescriptor SERVICE =
      OrchestratorService.getDescriptor().findServiceByName("TaskHubSidecarService");

  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  private final ObjectMapper json = new ObjectMapper();
  private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
  private final Path file;
  // Guarded by this: lines are written whole, one call at a time.
  private final BufferedWriter out;
  private boolean stopped;

  private RequestRecorder(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Opens (creates or appends to) the file the requests are written to.
   *
   * @param file the JSON-lines file
   * @return the recorder, to {@link #record} a service with and to close when the servers stop
   * @throws IOException when the file cannot be opened for writing
   */
  public static RequestRecorder open(Path file) throws IOException {
    try {
      return new RequestRecorder(
          file,
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new IOException(
          "could not open " + file + " to record requests to (--record-requests): " + e, e);
    }
  }

  /**
   * Returns {@code service} with every request recorded before it reaches the service's own
   * interceptors. The service must take raw request streams, as {@link SidecarService#definition}
   * does ({@link MalformedRequests}).
   *
   * @param service the raw-marshalled sidecar service
   * @return the recorded service
   */
  public ServerServiceDefinition record(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(
        ServerInterceptors.useMarshalledMessages(service, Marshallers.BYTES, Marshallers.RAW),
        this);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    AtomicBoolean recorded = new AtomicBoolean();
    // A call refused before its request is read (the token check) is recorded with its status.
    ServerCall<Q, R> watched =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            if (recorded.compareAndSet(false, true)) {
              ObjectNode line = head(call, headers);
              line.put("refused", status.getCode() + ": " + status.getDescription());
              write(line);
            }
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(watched, headers)) {
      @Override
      public void onMessage(Q message) {
        recorded.set(true);
        // Every method of the service record() returns takes byte[] requests (Marshallers.BYTES).
        write(line(call, headers, (byte[]) message));
        super.onMessage(message);
      }
    };
  }

  private ObjectNode head(ServerCall<?, ?> call, Metadata headers) {
    ObjectNode line = json.createObjectNode();
    line.put("time", Instant.now().toString());
    line.put("rpc", call.getMethodDescriptor().getBareMethodName());
    line.put("peer", String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
    line.set("headers", headers(headers));
    return line;
  }

  private ObjectNode line(ServerCall<?, ?> call, Metadata headers, byte[] body) {
    String rpc = call.getMethodDescriptor().getBareMethodName();
    ObjectNode line = head(call, headers);
    Descriptors.MethodDescriptor method = rpc == null ? null : SERVICE.findMethodByName(rpc);
    if (method == null) {
      line.put("unknownRpcBytes", body.length);
      return line;
    }
    try {
      line.set(
          "request",
          json.readTree(printer.print(DynamicMessage.parseFrom(method.getInputType(), body))));
    } catch (InvalidProtocolBufferException e) {
      line.put("unparsable", body.length + " bytes: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("JsonFormat printed JSON that Jackson cannot read", e);
    }
    return line;
  }

  private ObjectNode headers(Metadata headers) {
    ObjectNode out = json.createObjectNode();
    for (String name : headers.keys()) {
      ArrayNode values = out.arrayNode();
      if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        Metadata.Key<byte[]> key = Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER);
        headers.getAll(key).forEach(v -> values.add(Base64.getEncoder().encodeToString(v)));
      } else {
        Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
        boolean secret = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
        headers.getAll(key).forEach(v -> values.add(secret ? redacted(v) : v));
      }
      out.set(name, values.size() == 1 ? values.get(0) : values);
    }
    return out;
  }

  /** {@code "Bearer <redacted: 44 characters>"}: the scheme, and the credential's length only. */
  static String redacted(String value) {
    int space = value.indexOf(' ');
    String scheme = space > 0 ? value.substring(0, space + 1) : "";
    return scheme + "<redacted: " + (value.length() - scheme.length()) + " characters>";
  }

  private synchronized void write(ObjectNode line) {
    if (stopped) {
      return;
    }
    try {
      out.write(json.writeValueAsString(line));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      // A recording that fails must not take the scheduler down: say so once and stop recording.
      stopped = true;
      log.error(
          "Could not write to {} (--record-requests); no more requests are recorded", file, e);
    }
  }

  /** Flushes and closes the file. */
  @Override
  public synchronized void close() {
    stopped = true;
    try {
      out.close();
    } catch (IOException e) {
      log.warn("Could not close {} (--record-requests): {}", file, e.toString());
    }
  }
}
