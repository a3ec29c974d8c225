package io.durableentities.scheduler.internal.telemetry;

import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.scheduler.internal.engine.write.PieceObserver;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The receive spans of one request (one span for a signal or a start, one per traced action of an
 * orchestrator's or an entity batch's completion), watched through the writer: an event when the
 * writer runs the request, one when its group's commit starts, and the end when the caller is
 * answered.
 *
 * <p>Most spans start on the transport thread. The entity messages of an orchestrator's completion
 * get theirs on the writer thread, while it runs the completion ({@link #entityMessage}): their
 * trace context is derived from the orchestration's history, which only the writer may read; such a
 * span starts at the time the request was received and gets its {@code write} event at the time the
 * writer took it, as if it had been started on the transport thread.
 */
public final class ReceiveSpans implements PieceObserver {

  private final List<Span> spans = new ArrayList<>(1);
  private final SchedulerTracing tracing;
  private final String hub;
  private final long receivedEpochNanos;
  private long takenEpochNanos;

  /** Spans that all start on the transport thread. */
  ReceiveSpans() {
    this(null, null, 0);
  }

  /** Spans to which the writer may add those of an orchestration's entity messages. */
  ReceiveSpans(SchedulerTracing tracing, String hub, long receivedEpochNanos) {
    this.tracing = tracing;
    this.hub = hub;
    this.receivedEpochNanos = receivedEpochNanos;
  }

  ReceiveSpans add(Span span) {
    spans.add(span);
    return this;
  }

  /**
   * Adds the receive span of an entity message an orchestration sends (a signal, a call, a lock
   * request), a child of the trace context the scheduler derived for it; writer thread, while it
   * runs the completion. Does nothing for other actions or when these spans cannot take one.
   *
   * @param instanceId the orchestration instance
   * @param action the orchestrator's action
   * @param trace the trace context the message carries (see the scheduler's {@code EpisodeTraces})
   */
  public void entityMessage(String instanceId, OrchestratorAction action, TraceContext trace) {
    if (tracing == null) {
      return;
    }
    SpanBuilder b = tracing.entityMessage(hub, instanceId, action, trace);
    if (b == null) {
      return;
    }
    Span span = b.setStartTimestamp(receivedEpochNanos, TimeUnit.NANOSECONDS).startSpan();
    span.addEvent("write", takenEpochNanos, TimeUnit.NANOSECONDS);
    spans.add(span);
  }

  @Override
  public void taken() {
    if (tracing != null) {
      takenEpochNanos = SchedulerTracing.epochNanos();
    }
    for (Span span : spans) {
      span.addEvent("write");
    }
  }

  @Override
  public void committing() {
    for (Span span : spans) {
      span.addEvent("commit");
    }
  }

  @Override
  public void finished(int groupSize, long commitNanos, Throwable error) {
    for (Span span : spans) {
      if (groupSize > 0) {
        span.setAttribute(SchedulerTracing.GROUP_SIZE, (long) groupSize);
      }
      if (commitNanos >= 0) {
        span.setAttribute(SchedulerTracing.COMMIT_DURATION, commitNanos / 1e9);
      }
      if (error != null) {
        Status status = Status.fromThrowable(error);
        span.setStatus(StatusCode.ERROR, status.getDescription());
        span.setAttribute(SchedulerTracing.ERROR_TYPE, status.getCode().name());
      }
      span.end();
    }
  }

  /**
   * Ends the spans of a request that failed before it reached the writer.
   *
   * @param error the failure
   */
  public void failed(Throwable error) {
    finished(0, -1, error);
  }
}
