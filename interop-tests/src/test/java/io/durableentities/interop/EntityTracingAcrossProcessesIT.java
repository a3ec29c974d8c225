package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client's signal continues in the worker across processes: our client, inside an application
 * span, signals an entity through the scheduler jar in its own JVM; the only way the trace reaches
 * our worker is the scheduler storing the signal's {@code parentTraceContext} with the queued
 * message and sending it back as the operation's {@code traceContext}. So the worker's entity
 * operation span being a child of the client's {@code signal_entity} span proves it.
 */
class EntityTracingAcrossProcessesIT {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final ExportedSpans SPANS = new ExportedSpans(OTEL::getSpans);

  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @Test
  void signalInsideASpan_throughSchedulerProcess_operationSpanIsAChildOfTheSignalSpan()
      throws Exception {
    String key = "traced-" + UUID.randomUUID().toString().substring(0, 8);
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        DurableWorker worker = TransferWorker.start(scheduler, OTEL.getOpenTelemetry());
        DurableClient client =
            DurableClient.newBuilder(scheduler.connectionString())
                .openTelemetry(OTEL.getOpenTelemetry())
                .build()) {
      EntityInstanceId id = EntityInstanceId.of("account", key);
      Span request = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("request").startSpan();
      try (Scope ignored = request.makeCurrent()) {
        client.entities().signal(id, "deposit", 100L);
      } finally {
        request.end();
      }
      await().atMost(DEADLINE).until(() -> !SPANS.named("entity_operation:deposit").isEmpty());

      SpanData root = SPANS.single("request");
      SpanData signal = SPANS.single("signal_entity:deposit");
      SpanData operation = SPANS.single("entity_operation:deposit");

      assertThat(signal.getKind()).isEqualTo(SpanKind.PRODUCER);
      assertThat(signal.getParentSpanId()).isEqualTo(root.getSpanId());
      assertThat(operation.getTraceId())
          .as("the worker's operation span continues the client's trace")
          .isEqualTo(root.getTraceId());
      assertThat(operation.getParentSpanId())
          .as("the operation is a child of the client's signal span")
          .isEqualTo(signal.getSpanId());
    }
  }
}
