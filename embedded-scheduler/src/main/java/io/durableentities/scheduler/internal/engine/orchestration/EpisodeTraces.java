package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.TraceParents;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;

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

  private EpisodeTraces() {}

  /**
   * The trace context of the entity messages in one orchestrator response, or null.
   *
   * @param o the orchestration (its history holds the {@code ExecutionStarted} event)
   * @param r the episode's response
   */
  static TraceContext of(OrchestrationRuntime o, OrchestratorResponse r) {
    TraceContext started = started(o);
    SpanContext parent = TraceParents.spanContext(started);
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
    return TraceParents.wire(
        SpanContext.createFromRemoteParent(
            parent.getTraceId(), episode, parent.getTraceFlags(), parent.getTraceState()));
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
