package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trace started by the official JS SDK 0.4.0 continues through our scheduler into our worker:
 * {@code tracing-interop.mjs} starts {@code Transfer} with the SDK's client inside an active
 * OpenTelemetry span (the SDK then sends its {@code create_orchestration} span's context in {@code
 * CreateInstanceRequest.parentTraceContext}); our worker in this JVM runs the transfer, and its
 * orchestration spans must carry the JS trace id with the JS span as parent.
 *
 * <p>Needs Node.js and {@code npm ci} in {@code interop-tests/js} ({@code .ci/run} does both).
 * Skips where they are missing, except with {@code CI=true}, where a missing prerequisite fails.
 */
class TracingFromJsSdkIT {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final ExportedSpans SPANS = new ExportedSpans(OTEL::getSpans);

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Pattern IDS =
      Pattern.compile("trace=([0-9a-f]{32}) request=([0-9a-f]{16}) create=([0-9a-f]{16})");

  @Test
  void jsClientsTrace_continuesThroughSchedulerIntoOurWorker() throws Exception {
    NodeScript.requirePrerequisites();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String instance = "js-traced-" + suffix;
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        DurableWorker worker = TransferWorker.start(scheduler, OTEL.getOpenTelemetry());
        DurableClient durable = DurableClient.connect(scheduler.connectionString())) {
      EntityInstanceId from = EntityInstanceId.of("account", "from-" + suffix);
      durable.entities().signal(from, "deposit", 100L);
      await().atMost(DEADLINE).until(() -> durable.entities().get(from, Long.class).isPresent());

      String ok;
      try (NodeScript node =
          NodeScript.start(
              "tracing-interop.mjs",
              scheduler,
              Map.of(
                  "FROM_KEY",
                  "from-" + suffix,
                  "TO_KEY",
                  "to-" + suffix,
                  "AMOUNT",
                  "30",
                  "INSTANCE_ID",
                  instance))) {
        ok = node.awaitSuccess(DEADLINE, scheduler);
      }
      Matcher ids = IDS.matcher(ok);
      assertThat(ids.find()).as("the script's ids in %s", ok).isTrue();
      String jsTrace = ids.group(1);
      String jsCreate = ids.group(3);
      await().atMost(DEADLINE).until(() -> !SPANS.named("orchestration:Transfer").isEmpty());

      SpanData orchestration = SPANS.single("orchestration:Transfer");
      SpanData section = SPANS.single("entity_lock:critical_section");
      List<SpanData> episodes = SPANS.named("orchestration_episode:Transfer");
      List<SpanData> calls = SPANS.startingWith("call_entity:");

      assertThat(orchestration.getTraceId())
          .as("our worker's orchestration span continues the JS client's trace")
          .isEqualTo(jsTrace);
      assertThat(orchestration.getParentSpanId())
          .as("its parent is the JS SDK's create_orchestration span")
          .isEqualTo(jsCreate);
      assertThat(orchestration.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(
              orchestration
                  .getAttributes()
                  .get(AttributeKey.stringKey("durabletask.task.instance_id")))
          .isEqualTo(instance);
      assertThat(episodes)
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.getTraceId()).isEqualTo(jsTrace);
                assertThat(e.getParentSpanId()).isEqualTo(jsCreate);
              });
      assertThat(section.getParentSpanId()).isEqualTo(orchestration.getSpanId());
      assertThat(calls)
          .extracting(SpanData::getName)
          .containsExactlyInAnyOrder(
              "call_entity:withdraw", "call_entity:deposit", "call_entity:balance");
      assertThat(calls)
          .allSatisfy(
              call -> {
                assertThat(call.getTraceId()).isEqualTo(jsTrace);
                assertThat(call.getParentSpanId()).isEqualTo(section.getSpanId());
              });
    }
  }
}
