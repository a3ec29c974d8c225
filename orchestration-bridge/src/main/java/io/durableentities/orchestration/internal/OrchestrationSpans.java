package io.durableentities.orchestration.internal;

import com.google.protobuf.StringValue;
import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.TraceContexts;
import io.durableentities.client.internal.telemetry.TraceMdc;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestrationTraceContext;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The spans of orchestrations on a worker, for an orchestration started inside a trace (its {@code
 * ExecutionStarted} event carries a parent trace context):
 *
 * <ul>
 *   <li>each episode: a SERVER span {@code orchestration_episode:<name>} around the replay, a child
 *       of the starter's span, its ids in the MDC; activities and sub-orchestrations the episode
 *       schedules carry its context, and the response names it ({@code
 *       orchestrationTraceContext.spanID}) so that the scheduler gives the episode's entity signals
 *       and calls (whose actions have no trace-context field) the episode's context;
 *   <li>once, in the episode that completes the execution, the execution read from its history:
 *       {@code orchestration:<name>} from the {@code ExecutionStarted} event to now, and inside it
 *       per critical section a lock-acquire span (request to grant, naming the locked entities) and
 *       the section's span (grant to unlock), per entity call a CLIENT span (call to answer, under
 *       the section that held the entity's lock), per signal a PRODUCER span.
 * </ul>
 *
 * <p>The execution's spans are built from history timestamps when the execution completes, so a
 * replay never emits one twice and each covers its real duration across episodes and processes (the
 * OpenTelemetry API cannot give a span an id chosen in an earlier episode). Without a parent trace
 * context nothing is emitted, as in the .NET SDK.
 */
final class OrchestrationSpans {

  private final Telemetry telemetry;
  private final Clock clock;

  OrchestrationSpans(Telemetry telemetry, Clock clock) {
    this.telemetry = telemetry;
    this.clock = clock;
  }

  /** Runs one episode; returns its response with the episode's trace context in its actions. */
  OrchestratorResponse run(OrchestratorRequest request, Supplier<OrchestratorResponse> replay) {
    HistoryEvent started = executionStarted(request);
    TraceContext parent =
        started == null ? null : started.getExecutionStarted().getParentTraceContext();
    if (!TraceContexts.isValid(parent)) {
      return replay.get();
    }
    ExecutionStartedEvent start = started.getExecutionStarted();
    Span episode =
        telemetry
            .tracer()
            .spanBuilder(SpanNames.of("orchestration_episode", start.getName()))
            .setSpanKind(SpanKind.SERVER)
            .setParent(TraceContexts.parent(parent))
            .setAttribute(SpanNames.TYPE, "orchestration_episode")
            .setAttribute(SpanNames.TASK_NAME, start.getName())
            .setAttribute(SpanNames.INSTANCE_ID, request.getInstanceId())
            .startSpan();
    OrchestratorResponse response;
    try (TraceMdc ignored = TraceMdc.put(episode.getSpanContext())) {
      response = Telemetry.within(episode, replay);
    }
    TraceContext own = TraceContexts.of(episode);
    if (own != null) {
      response = withTraceContext(response, own);
      response =
          response.toBuilder()
              .setOrchestrationTraceContext(
                  OrchestrationTraceContext.newBuilder()
                      .setSpanID(StringValue.of(episode.getSpanContext().getSpanId())))
              .build();
    }
    CompleteOrchestrationAction completion = completion(response);
    if (completion != null) {
      new ExecutionTree(telemetry, request, started, completion, response, clock.instant())
          .emit(TraceContexts.parent(parent));
    }
    return response;
  }

  private static HistoryEvent executionStarted(OrchestratorRequest request) {
    for (HistoryEvent e : request.getPastEventsList()) {
      if (e.hasExecutionStarted()) {
        return e;
      }
    }
    for (HistoryEvent e : request.getNewEventsList()) {
      if (e.hasExecutionStarted()) {
        return e;
      }
    }
    return null;
  }

  private static CompleteOrchestrationAction completion(OrchestratorResponse response) {
    for (OrchestratorAction a : response.getActionsList()) {
      if (a.hasCompleteOrchestration()) {
        return a.getCompleteOrchestration();
      }
    }
    return null;
  }

  /** Activities and sub-orchestrations scheduled in this episode continue its trace. */
  private static OrchestratorResponse withTraceContext(
      OrchestratorResponse response, TraceContext trace) {
    List<OrchestratorAction> actions = new ArrayList<>(response.getActionsCount());
    boolean changed = false;
    for (OrchestratorAction a : response.getActionsList()) {
      if (a.hasScheduleTask() && !a.getScheduleTask().hasParentTraceContext()) {
        a =
            a.toBuilder()
                .setScheduleTask(a.getScheduleTask().toBuilder().setParentTraceContext(trace))
                .build();
        changed = true;
      } else if (a.hasCreateSubOrchestration()
          && !a.getCreateSubOrchestration().hasParentTraceContext()) {
        a =
            a.toBuilder()
                .setCreateSubOrchestration(
                    a.getCreateSubOrchestration().toBuilder().setParentTraceContext(trace))
                .build();
        changed = true;
      }
      actions.add(a);
    }
    return changed ? response.toBuilder().clearActions().addAllActions(actions).build() : response;
  }

  static boolean failed(CompleteOrchestrationAction completion) {
    return completion.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_FAILED;
  }
}
