package io.durableentities.client.internal.telemetry;

import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.TraceParents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Converts between an OpenTelemetry span and the wire contract's {@code TraceContext} (W3C {@code
 * traceparent} and {@code tracestate}) as the client and the worker need it; the W3C form itself is
 * read and written by the protocol's {@link TraceParents}, which the scheduler shares.
 */
public final class TraceContexts {

  private TraceContexts() {}

  /**
   * Returns the wire form of a span's context, or null when it has none (no SDK, or not sampled and
   * not recording: a no-op span).
   *
   * @param span the span
   * @return the trace context, or null
   */
  public static TraceContext of(Span span) {
    return TraceParents.wire(span.getSpanContext());
  }

  /**
   * Returns a context whose span is the remote parent a wire trace context names, or the root
   * context (a new trace) when it names none or cannot be read.
   *
   * @param wire the trace context, or null
   * @return the parent context
   */
  public static Context parent(TraceContext wire) {
    Context parent = TraceParents.parent(wire);
    return parent == null ? Context.root() : parent;
  }

  /**
   * Tells whether a wire trace context names a valid parent span.
   *
   * @param wire the trace context, or null
   * @return whether it names one
   */
  public static boolean isValid(TraceContext wire) {
    return TraceParents.parent(wire) != null;
  }
}
