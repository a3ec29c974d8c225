package io.durableentities.scheduler;

import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;

/**
 * A {@link SchedulerHarness} whose scheduler records its spans in an in-memory exporter, for the
 * tests of the scheduler's own spans: the trace contexts to send (all in one trace) and lookups
 * over what it exported.
 */
final class TracedHarness implements AutoCloseable {

  /** The trace every context {@link #parent} makes belongs to. */
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  final SchedulerHarness h = new SchedulerHarness(b -> b.openTelemetry(otel));
  final ExportedSpans spans = new ExportedSpans(exporter::getFinishedSpanItems);

  /** The wire trace context of a sampled span of {@link #TRACE}. */
  static TraceContext parent(String spanId) {
    return TraceContext.newBuilder().setTraceParent("00-" + TRACE + "-" + spanId + "-01").build();
  }

  /** A string attribute of a span. */
  static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  /** The one span with this name, once it has ended (waiting for it). */
  SpanData single(String name) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !spans.named(name).isEmpty());
    return spans.single(name);
  }

  /** The ended spans with this name. */
  List<SpanData> named(String name) {
    return spans.named(name);
  }

  @Override
  public void close() throws InterruptedException {
    h.close();
    otel.close();
  }
}
