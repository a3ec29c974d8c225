package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded scheduler's spans between the client's and the worker's: a signal and a locked
 * transfer started inside an application span give one trace, application → client span → scheduler
 * receive (ended at the commit) and dispatch → the worker's orchestration.
 */
class SchedulerTracingEndToEndTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final ExportedSpans SPANS = new ExportedSpans(OTEL::getSpans);

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void signalAndOrchestration_inAClientSpan_connectClientSchedulerAndWorker() throws Exception {
    try (TracedTransferRig rig = new TracedTransferRig(OTEL.getOpenTelemetry())) {
      DurableClient durable = rig.durable;
      EntityInstanceId from = EntityInstanceId.of("account", "sched-a");
      OrchestrationClient client = rig.client;
      Span app = OTEL.getOpenTelemetry().getTracer("app").spanBuilder("app").startSpan();
      String id;
      try (Scope ignored = app.makeCurrent()) {
        durable.entities().signal(from, "deposit", 100L);
        await().atMost(WAIT).until(() -> durable.entities().get(from, Long.class).isPresent());
        id = client.scheduleNew("Transfer", new Transfer.Request("sched-a", "sched-b", 30));
      } finally {
        app.end();
      }
      client.waitForCompletion(id, WAIT);
      await().atMost(WAIT).until(() -> !SPANS.named("orchestration:Transfer").isEmpty());

      SpanData signal = SPANS.single("signal_entity:deposit");
      SpanData signalReceive = SPANS.single("receive:signal_entity");
      SpanData start = SPANS.single("create_orchestration:Transfer");
      SpanData startReceive = SPANS.single("receive:create_orchestration");
      List<SpanData> dispatches = SPANS.named("dispatch:orchestrator");
      SpanData orchestration = SPANS.single("orchestration:Transfer");

      assertThat(signal.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
      assertThat(signalReceive.getParentSpanId()).isEqualTo(signal.getSpanId());
      assertThat(signalReceive.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(signalReceive.getEvents()).extracting(e -> e.getName()).contains("commit");
      assertThat(start.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
      assertThat(startReceive.getParentSpanId()).isEqualTo(start.getSpanId());
      assertThat(startReceive.getEndEpochNanos())
          .as("the start is committed before its first dispatch")
          .isLessThanOrEqualTo(dispatches.get(0).getEndEpochNanos());
      assertThat(dispatches)
          .as("one dispatch per episode of the transfer")
          .hasSizeGreaterThanOrEqualTo(SPANS.named("orchestration_episode:Transfer").size())
          .allSatisfy(d -> assertThat(d.getParentSpanId()).isEqualTo(start.getSpanId()));
      assertThat(orchestration.getParentSpanId()).isEqualTo(start.getSpanId());
      assertThat(
              List.of(signal, signalReceive, start, startReceive, dispatches.get(0), orchestration))
          .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(app.getSpanContext().getTraceId()));
    }
  }
}
