package io.durableentities.client.internal.telemetry;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts between an OpenTelemetry span context and the wire contract's {@code TraceContext} (W3C
 * {@code traceparent} and {@code tracestate}), with OpenTelemetry's W3C propagator: the contract's
 * fields are W3C trace context whatever propagator the application configured.
 */
public final class TraceContexts {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private TraceContexts() {}

  /**
   * Returns the wire form of a span's context, or null when it has none (no SDK, or not sampled and
   * not recording: a no-op span).
   *
   * @param span the span
   * @return the trace context, or null
   */
  public static TraceContext of(Span span) {
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>(2);
    W3C.inject(Context.root().with(span), carrier, Map::put);
    String traceParent = carrier.get("traceparent");
    if (traceParent == null) {
      return null;
    }
    TraceContext.Builder wire = TraceContext.newBuilder().setTraceParent(traceParent);
    String traceState = carrier.get("tracestate");
    if (traceState != null && !traceState.isEmpty()) {
      wire.setTraceState(StringValue.of(traceState));
    }
    return wire.build();
  }

  /**
   * Returns a context whose span is the remote parent a wire trace context names, or the root
   * context (a new trace) when it names none or cannot be read.
   *
   * @param wire the trace context, or null
   * @return the parent context
   */
  public static Context parent(TraceContext wire) {
    if (wire == null || wire.getTraceParent().isEmpty()) {
      return Context.root();
    }
    Map<String, String> carrier = new HashMap<>(2);
    carrier.put("traceparent", wire.getTraceParent());
    if (wire.hasTraceState()) {
      carrier.put("tracestate", wire.getTraceState().getValue());
    }
    return W3C.extract(Context.root(), carrier, GETTER);
  }

  /**
   * Tells whether a wire trace context names a valid parent span.
   *
   * @param wire the trace context, or null
   * @return whether it names one
   */
  public static boolean isValid(TraceContext wire) {
    return Span.fromContext(parent(wire)).getSpanContext().isValid();
  }
}
