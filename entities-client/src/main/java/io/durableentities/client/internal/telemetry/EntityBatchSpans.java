package io.durableentities.client.internal.telemetry;

import io.durableentities.core.internal.EntityBatchRequest;
import io.durableentities.core.internal.EntityBatchResult;
import io.durableentities.core.internal.OperationRequest;
import io.durableentities.core.internal.OperationResult;
import io.durableentities.protocol.internal.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.function.Supplier;

/**
 * The spans of one entity batch on a worker: a SERVER span {@code entity:<name>} around the batch
 * (its ids in the MDC while the operations run), and one span {@code entity_operation:<operation>}
 * per executed operation, from the operation's own start and end, with the entity id, operation,
 * batch position and outcome. An operation's span continues the trace context that came with it
 * ({@code OperationRequest.traceContext} of a V1 batch); one that came without (a V2 batch, whose
 * events have no trace-context field) is a child of the batch span. The batch span's context is
 * returned with the result, for the signals and orchestration starts the batch emits.
 */
public final class EntityBatchSpans {

  private final Telemetry telemetry;

  /**
   * Creates the spans' factory.
   *
   * @param telemetry the worker's telemetry
   */
  public EntityBatchSpans(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  /**
   * A batch's result and the wire trace context of its span.
   *
   * @param result the batch's result
   * @param trace the batch span's context, or null when it has none (no SDK, not sampled)
   */
  public record Ran(EntityBatchResult result, TraceContext trace) {}

  /**
   * Runs a batch inside its span and emits the operations' spans.
   *
   * @param request the batch
   * @param traceContexts the trace context of each operation (null entries for none), or an empty
   *     list
   * @param run runs the batch
   * @return the batch's result and its span's trace context
   */
  public Ran run(
      EntityBatchRequest request,
      List<TraceContext> traceContexts,
      Supplier<EntityBatchResult> run) {
    TraceContext first =
        traceContexts.stream().filter(TraceContexts::isValid).findFirst().orElse(null);
    Span batch =
        telemetry
            .tracer()
            .spanBuilder(SpanNames.of("entity", request.id().name()))
            .setSpanKind(SpanKind.SERVER)
            .setParent(TraceContexts.parent(first))
            .setAttribute(SpanNames.TYPE, "entity")
            .setAttribute(SpanNames.ENTITY_ID, request.id().toString())
            .setAttribute(SpanNames.BATCH_SIZE, (long) request.operations().size())
            .startSpan();
    EntityBatchResult result;
    try (TraceMdc ignored = TraceMdc.put(batch.getSpanContext())) {
      result = Telemetry.within(batch, run);
    }
    if (batch.getSpanContext().isValid()) {
      operations(request, traceContexts, result, batch);
    }
    return new Ran(result, TraceContexts.of(batch));
  }

  private void operations(
      EntityBatchRequest request,
      List<TraceContext> traceContexts,
      EntityBatchResult result,
      Span batch) {
    List<OperationResult> results = result.results();
    for (int i = 0; i < results.size() && i < request.operations().size(); i++) {
      OperationRequest op = request.operations().get(i);
      OperationResult outcome = results.get(i);
      TraceContext trace = i < traceContexts.size() ? traceContexts.get(i) : null;
      Context parent =
          TraceContexts.isValid(trace) ? TraceContexts.parent(trace) : Context.root().with(batch);
      Span span =
          telemetry
              .tracer()
              .spanBuilder(SpanNames.of("entity_operation", op.operation()))
              .setSpanKind(SpanKind.INTERNAL)
              .setParent(parent)
              .setStartTimestamp(outcome.start())
              .setAttribute(SpanNames.TYPE, "entity_operation")
              .setAttribute(SpanNames.ENTITY_ID, request.id().toString())
              .setAttribute(SpanNames.ENTITY_OPERATION, op.operation())
              .setAttribute(SpanNames.BATCH_POSITION, (long) i)
              .startSpan();
      if (parent != null && !Span.fromContext(parent).equals(batch)) {
        span.addLink(batch.getSpanContext());
      }
      if (outcome instanceof OperationResult.Failure failure) {
        span.setAttribute(SpanNames.OUTCOME, "failure");
        span.setAttribute(SpanNames.ERROR_TYPE, failure.details().errorType());
        span.setStatus(StatusCode.ERROR, failure.details().errorMessage());
      } else {
        span.setAttribute(SpanNames.OUTCOME, "success");
      }
      span.end(outcome.end());
    }
  }
}
