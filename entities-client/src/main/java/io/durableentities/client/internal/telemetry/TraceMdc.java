package io.durableentities.client.internal.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * Puts a span's ids in the SLF4J MDC under the keys of OpenTelemetry's logging conventions ({@code
 * trace_id}, {@code span_id}) while user code runs, so that its log lines name the trace; closing
 * restores what the thread had before.
 */
public final class TraceMdc implements AutoCloseable {

  /** The MDC key of the trace id. */
  public static final String TRACE_ID = "trace_id";

  /** The MDC key of the span id. */
  public static final String SPAN_ID = "span_id";

  private static final TraceMdc NOTHING = new TraceMdc(false, null, null);

  private final boolean set;
  private final String previousTraceId;
  private final String previousSpanId;

  private TraceMdc(boolean set, String previousTraceId, String previousSpanId) {
    this.set = set;
    this.previousTraceId = previousTraceId;
    this.previousSpanId = previousSpanId;
  }

  /**
   * Puts the ids of a span context in the MDC; a context that is not valid (no SDK) puts nothing.
   *
   * @param context the span context
   * @return closes to restore the MDC
   */
  public static TraceMdc put(SpanContext context) {
    if (!context.isValid()) {
      return NOTHING;
    }
    TraceMdc restore = new TraceMdc(true, MDC.get(TRACE_ID), MDC.get(SPAN_ID));
    MDC.put(TRACE_ID, context.getTraceId());
    MDC.put(SPAN_ID, context.getSpanId());
    return restore;
  }

  @Override
  public void close() {
    if (!set) {
      return;
    }
    restore(TRACE_ID, previousTraceId);
    restore(SPAN_ID, previousSpanId);
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
