package io.durableentities.benchmarks.runner;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenTelemetry SDK as an application would configure it, sampling every trace, with exporters
 * that only count what they are given: what the telemetry costs in this process (spans built,
 * batched and handed over; metrics aggregated and collected), without the cost of a network
 * exporter. The span queue is large enough that nothing is dropped at the benchmarks' rates.
 */
final class CountingOpenTelemetry implements AutoCloseable {

  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong metricExports = new AtomicLong();
  private final OpenTelemetrySdk sdk;

  CountingOpenTelemetry() {
    SpanExporter spanExporter =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAndGet(batch.size());
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    MetricExporter metricExporter =
        new MetricExporter() {
          @Override
          public CompletableResultCode export(Collection<MetricData> metrics) {
            metricExports.incrementAndGet();
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
          }

          @Override
          public MemoryMode getMemoryMode() {
            return MemoryMode.REUSABLE_DATA;
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(Sampler.alwaysOn())
                    .addSpanProcessor(
                        BatchSpanProcessor.builder(spanExporter)
                            .setMaxQueueSize(1 << 18)
                            .setMaxExportBatchSize(2048)
                            .setScheduleDelay(Duration.ofMillis(200))
                            .build())
                    .build())
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .registerMetricReader(
                        PeriodicMetricReader.builder(metricExporter)
                            .setInterval(Duration.ofSeconds(5))
                            .build())
                    .build())
            .build();
  }

  /** The SDK, to give to the scheduler, the worker and the client. */
  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Spans the exporter was given so far. */
  long spans() {
    return spans.get();
  }

  /** Flushes the pending spans to the exporter (waits up to 30 s). */
  void flush() {
    sdk.getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    sdk.shutdown().join(30, TimeUnit.SECONDS);
  }
}
