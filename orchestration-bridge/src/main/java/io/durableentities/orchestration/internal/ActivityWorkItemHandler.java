package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.WorkItemContext;
import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.TraceContexts;
import io.durableentities.client.internal.telemetry.TraceMdc;
import io.durableentities.protocol.internal.ActivityFilter;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Runs activity work items on the {@link ActivityExecutor} and completes them with {@code
 * CompleteActivityTask}, copying the completion token. A failing activity completes with its
 * failure details; an exception or {@link Error} escaping the executor propagates, and the worker
 * abandons the item.
 */
public final class ActivityWorkItemHandler implements WorkItemHandler {

  private final ActivityExecutor executor;
  private final Set<String> names;
  private final int maxConcurrency;
  private final Telemetry telemetry;

  /**
   * Creates a handler.
   *
   * @param executor runs the activities
   * @param names the activity names, sent as work-item filters
   * @param maxConcurrency how many activities run at once
   * @param telemetry the worker's telemetry: a SERVER span {@code activity:<name>} per activity,
   *     continuing the trace context the orchestration scheduled it with, its ids in the MDC
   */
  public ActivityWorkItemHandler(
      ActivityExecutor executor, Set<String> names, int maxConcurrency, Telemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.names = Set.copyOf(names);
    this.maxConcurrency = maxConcurrency;
  }

  @Override
  public Set<WorkItem.RequestCase> kinds() {
    return EnumSet.of(WorkItem.RequestCase.ACTIVITYREQUEST);
  }

  @Override
  public int maxConcurrency() {
    return maxConcurrency;
  }

  @Override
  public void contribute(GetWorkItemsRequest.Builder request) {
    names.stream()
        .sorted()
        .forEach(
            name ->
                request
                    .getWorkItemFiltersBuilder()
                    .addActivities(ActivityFilter.newBuilder().setName(name)));
  }

  @Override
  public void handle(WorkItem item, WorkItemContext context) {
    ActivityRequest request = item.getActivityRequest();
    Span span =
        telemetry
            .tracer()
            .spanBuilder(SpanNames.of("activity", request.getName()))
            .setSpanKind(SpanKind.SERVER)
            .setParent(
                TraceContexts.parent(
                    request.hasParentTraceContext() ? request.getParentTraceContext() : null))
            .setAttribute(SpanNames.TYPE, "activity")
            .setAttribute(SpanNames.TASK_NAME, request.getName())
            .setAttribute(SpanNames.INSTANCE_ID, request.getOrchestrationInstance().getInstanceId())
            .setAttribute(SpanNames.TASK_ID, (long) request.getTaskId())
            .startSpan();
    ActivityResponse response;
    try (TraceMdc ignored = TraceMdc.put(span.getSpanContext())) {
      response =
          Telemetry.within(
              span,
              () -> {
                ActivityResponse done = executor.execute(request);
                if (done.hasFailureDetails()) {
                  span.setStatus(StatusCode.ERROR, done.getFailureDetails().getErrorMessage());
                }
                return done;
              });
    }
    context.completeActivity(
        response.toBuilder().setCompletionToken(item.getCompletionToken()).build());
  }
}
