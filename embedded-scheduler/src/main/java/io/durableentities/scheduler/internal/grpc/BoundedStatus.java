package io.durableentities.scheduler.internal.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;

/**
 * Keeps every status message the scheduler sends short enough for the {@code grpc-message} trailer:
 * that header is percent-encoded (up to nine bytes per character) and clients refuse a header block
 * over 8 KiB, so a long message that quoted a caller's input would reach the caller as {@code
 * RST_STREAM ... PROTOCOL_ERROR} instead of its status. Messages quote input shortened already
 * ({@link io.durableentities.scheduler.internal.limits.Echo}); this is the backstop that cuts any
 * message whose encoded form exceeds {@value #MAX_ENCODED_BYTES} bytes.
 */
final class BoundedStatus implements ServerInterceptor {

  /** The most bytes a status message may take in the {@code grpc-message} trailer. */
  static final int MAX_ENCODED_BYTES = 2048;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return next.startCall(
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            super.close(bound(status), trailers);
          }
        },
        headers);
  }

  /** Returns {@code status} with its description cut to fit, or {@code status} when it fits. */
  static Status bound(Status status) {
    String description = status.getDescription();
    if (description == null) {
      return status;
    }
    int bytes = 0;
    int i = 0;
    while (i < description.length()) {
      int cp = description.codePointAt(i);
      int size = encodedSize(cp);
      if (bytes + size > MAX_ENCODED_BYTES - 64) {
        return status.withDescription(
            description.substring(0, i) + "…(message cut: " + description.length() + " chars)");
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    return status;
  }

  /** The bytes a code point takes in a percent-encoded {@code grpc-message}. */
  private static int encodedSize(int cp) {
    if (cp >= ' ' && cp < '~' && cp != '%') {
      return 1;
    }
    return 3 * new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
  }
}
