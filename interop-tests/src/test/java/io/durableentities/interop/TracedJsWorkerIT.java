package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trace started by our client continues in the official JS SDK 0.4.0's worker: our client, inside
 * an application span, starts {@code Greet} through the scheduler jar; {@code
 * traced-worker-interop.mjs} runs it in the SDK's worker with {@code @opentelemetry/api} and an
 * in-memory exporter, and prints its {@code orchestration:Greet} span's trace and parent, which
 * must be our trace and our {@code create_orchestration:Greet} span.
 *
 * <p>Needs Node.js and {@code npm ci} in {@code interop-tests/js} ({@code .ci/run} does both).
 * Skips where they are missing, except with {@code CI=true}, where a missing prerequisite fails.
 */
class TracedJsWorkerIT {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final ExportedSpans SPANS = new ExportedSpans(OTEL::getSpans);

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Pattern IDS =
      Pattern.compile("trace=([0-9a-f]{32}) parent=([0-9a-f]{16}) spans=(\\d+)");

  @Test
  void ourClientsTrace_continuesInTheJsSdksWorker() throws Exception {
    NodeScript.requirePrerequisites();
    String instance = "traced-js-" + UUID.randomUUID().toString().substring(0, 8);
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        DurableClient durable =
            DurableClient.newBuilder(scheduler.connectionString())
                .openTelemetry(OTEL.getOpenTelemetry())
                .build()) {
      Span request = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("request").startSpan();
      try (Scope ignored = request.makeCurrent()) {
        OrchestrationClient.of(durable).scheduleNew("Greet", "world", instance);
      } finally {
        request.end();
      }
      String ok;
      try (NodeScript node =
          NodeScript.start(
              "traced-worker-interop.mjs", scheduler, Map.of("INSTANCE_ID", instance))) {
        ok = node.awaitSuccess(DEADLINE, scheduler);
      }
      Matcher ids = IDS.matcher(ok);
      assertThat(ids.find()).as("the script's ids in %s", ok).isTrue();

      SpanData start = SPANS.single("create_orchestration:Greet");
      assertThat(start.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
      assertThat(ids.group(1))
          .as("the JS SDK's orchestration span continues our client's trace")
          .isEqualTo(start.getTraceId());
      assertThat(ids.group(2))
          .as("its parent is our client's create_orchestration span")
          .isEqualTo(start.getSpanId());
    }
  }
}
