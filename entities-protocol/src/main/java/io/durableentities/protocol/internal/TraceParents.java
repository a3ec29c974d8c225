package io.durableentities.protocol.internal;

import com.google.protobuf.StringValue;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the wire contract's {@code TraceContext} (W3C {@code traceparent} and {@code
 * tracestate}) with OpenTelemetry's W3C propagator, whatever propagator the application configured:
 * the contract's fields are W3C trace context. Shared by the client, the worker and the scheduler
 * (which may not depend on the client), so that the wire form is read and written in one place.
 */
public final class TraceParents {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<TraceContext> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TraceContext carrier, String key) {
          if (carrier == null) {
            return null;
          }
          return switch (key) {
            case "traceparent" -> carrier.getTraceParent();
            case "tracestate" ->
                carrier.hasTraceState() ? carrier.getTraceState().getValue() : null;
            default -> null;
          };
        }
      };

  private TraceParents() {}

  /**
   * Tells whether a request carries a trace context worth reading (a non-empty {@code
   * traceparent}); cheap, allocates nothing.
   *
   * @param wire the trace context, or null
   * @return whether it has a traceparent
   */
  public static boolean present(TraceContext wire) {
    return wire != null && !wire.getTraceParent().isEmpty();
  }

  /**
   * Returns a context whose span is the remote parent a wire trace context names, or null when it
   * names none or cannot be read (a malformed traceparent).
   *
   * @param wire the trace context, or null
   * @return the parent context, or null
   */
  public static Context parent(TraceContext wire) {
    if (!present(wire)) {
      return null;
    }
    Context context = W3C.extract(Context.root(), wire, GETTER);
    return Span.fromContext(context).getSpanContext().isValid() ? context : null;
  }

  /**
   * Returns the span context a wire trace context names, or the invalid one when it names none.
   *
   * @param wire the trace context, or null
   * @return the span context
   */
  public static SpanContext spanContext(TraceContext wire) {
    Context context = parent(wire);
    return context == null ? SpanContext.getInvalid() : Span.fromContext(context).getSpanContext();
  }

  /**
   * Returns the wire form of a span context, or null when it is not valid.
   *
   * @param span the span context
   * @return the trace context, or null
   */
  public static TraceContext wire(SpanContext span) {
    if (!span.isValid()) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>(2);
    W3C.inject(Context.root().with(Span.wrap(span)), carrier, Map::put);
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
}
