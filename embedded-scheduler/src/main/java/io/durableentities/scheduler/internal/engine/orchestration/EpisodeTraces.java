package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace context an orchestration's entity signals and calls carry to the operations they
 * become. {@code SendEntityMessageAction} has no trace-context field, so it is derived from what
 * the contract does carry: the trace of the execution ({@code ExecutionStartedEvent
 * .parentTraceContext}) and the span the worker reports for the episode ({@code
 * OrchestratorResponse.orchestrationTraceContext.spanID}: our worker's episode span, the JS SDK's
 * orchestration span). The operation's span is then a child of the episode that sent the message;
 * without a reported span, of the execution's parent. An execution started without a trace context
 * gives none.
 */
final class EpisodeTraces {

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

  private EpisodeTraces() {}

  /**
   * The trace context of the entity messages in one orchestrator response, or null.
   *
   * @param o the orchestration (its history holds the {@code ExecutionStarted} event)
   * @param r the episode's response
   */
  static TraceContext of(OrchestrationRuntime o, OrchestratorResponse r) {
    TraceContext started = started(o);
    if (started == null || started.getTraceParent().isEmpty()) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>(2);
    carrier.put("traceparent", started.getTraceParent());
    if (started.hasTraceState()) {
      carrier.put("tracestate", started.getTraceState().getValue());
    }
    SpanContext parent =
        Span.fromContext(W3C.extract(Context.root(), carrier, GETTER)).getSpanContext();
    if (!parent.isValid()) {
      return null;
    }
    String episode =
        r.hasOrchestrationTraceContext() && r.getOrchestrationTraceContext().hasSpanID()
            ? r.getOrchestrationTraceContext().getSpanID().getValue()
            : "";
    if (!SpanId.isValid(episode)) {
      return started;
    }
    SpanContext sender =
        SpanContext.createFromRemoteParent(
            parent.getTraceId(), episode, parent.getTraceFlags(), parent.getTraceState());
    Map<String, String> out = new HashMap<>(2);
    W3C.inject(Context.root().with(Span.wrap(sender)), out, Map::put);
    TraceContext.Builder trace = TraceContext.newBuilder().setTraceParent(out.get("traceparent"));
    String state = out.get("tracestate");
    if (state != null && !state.isEmpty()) {
      trace.setTraceState(StringValue.of(state));
    }
    return trace.build();
  }

  private static TraceContext started(OrchestrationRuntime o) {
    if (o.history() == null) {
      return null;
    }
    for (HistoryEvent e : o.history()) {
      if (e.hasExecutionStarted()) {
        return e.getExecutionStarted().hasParentTraceContext()
            ? e.getExecutionStarted().getParentTraceContext()
            : null;
      }
    }
    return null;
  }
}
