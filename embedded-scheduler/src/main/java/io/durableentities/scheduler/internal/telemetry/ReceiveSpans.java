package io.durableentities.scheduler.internal.telemetry;

import io.durableentities.scheduler.internal.engine.write.PieceObserver;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The receive spans of one request (one span for a signal or a start, one per traced action of an
 * orchestrator's completion), watched through the writer: an event when the writer runs the
 * request, one when its group's commit starts, and the end when the caller is answered.
 */
public final class ReceiveSpans implements PieceObserver {

  private final List<Span> spans = new ArrayList<>(1);

  ReceiveSpans add(Span span) {
    spans.add(span);
    return this;
  }

  @Override
  public void taken() {
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
