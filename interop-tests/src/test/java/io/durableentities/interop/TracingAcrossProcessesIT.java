package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trace crosses process boundaries: our client, inside an application span, starts a locked
 * transfer on the scheduler jar running in its own JVM; our worker in this JVM runs it. The trace
 * context can only reach the worker through the scheduler process (the request's {@code
 * parentTraceContext} stored as the {@code ExecutionStartedEvent}'s and sent back in the work
 * item), so the worker's orchestration, lock, section and call spans joining the application's
 * trace with the right parents proves the propagation across processes. The operations the calls
 * ran join it too, under the episodes that sent them (the scheduler derives their trace context
 * from the execution's and the episode's, as the call action has no trace-context field).
 */
class TracingAcrossProcessesIT {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final ExportedSpans SPANS = new ExportedSpans(OTEL::getSpans);

  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @Test
  void lockedTransfer_throughSchedulerProcess_joinsTheClientsTraceWithTheRightParents()
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        DurableWorker worker = TransferWorker.start(scheduler, OTEL.getOpenTelemetry());
        DurableClient durable =
            DurableClient.newBuilder(scheduler.connectionString())
                .openTelemetry(OTEL.getOpenTelemetry())
                .build()) {
      EntityInstanceId from = EntityInstanceId.of("account", "from-" + suffix);
      durable.entities().signal(from, "deposit", 100L);
      await().atMost(DEADLINE).until(() -> durable.entities().get(from, Long.class).isPresent());
      OrchestrationClient client = OrchestrationClient.of(durable);

      Span request = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("request").startSpan();
      String id;
      try (Scope ignored = request.makeCurrent()) {
        id =
            client.scheduleNew(
                "Transfer", new TransferWorker.Request("from-" + suffix, "to-" + suffix, 30));
      } finally {
        request.end();
      }
      assertThat(client.waitForCompletion(id, DEADLINE).status())
          .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      await().atMost(DEADLINE).until(() -> !SPANS.named("orchestration:Transfer").isEmpty());

      SpanData root = SPANS.single("request");
      SpanData start = SPANS.single("create_orchestration:Transfer");
      SpanData orchestration = SPANS.single("orchestration:Transfer");
      SpanData acquire = SPANS.single("entity_lock:acquire");
      SpanData section = SPANS.single("entity_lock:critical_section");
      List<SpanData> calls =
          OTEL.getSpans().stream()
              .filter(s -> s.getName().startsWith("call_entity:"))
              .filter(s -> s.getKind() == SpanKind.CLIENT)
              .toList();
      List<SpanData> episodes = SPANS.named("orchestration_episode:Transfer");

      String trace = root.getTraceId();
      assertThat(start.getParentSpanId()).isEqualTo(root.getSpanId());
      assertThat(start.getTraceId()).isEqualTo(trace);
      assertThat(orchestration.getTraceId())
          .as("the worker's orchestration span continues the client's trace")
          .isEqualTo(trace);
      assertThat(orchestration.getParentSpanId())
          .as("the orchestration is a child of the client's create_orchestration span")
          .isEqualTo(start.getSpanId());
      assertThat(orchestration.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(
              orchestration.getAttributes().get(AttributeKey.stringKey("durabletask.task.status")))
          .isEqualTo("COMPLETED");
      assertThat(
              orchestration
                  .getAttributes()
                  .get(AttributeKey.stringKey("durabletask.task.instance_id")))
          .isEqualTo(id);
      assertThat(episodes)
          .as("a lock, three calls and the unlock take several episodes")
          .hasSizeGreaterThanOrEqualTo(4)
          .allSatisfy(
              e -> {
                assertThat(e.getTraceId()).isEqualTo(trace);
                assertThat(e.getParentSpanId()).isEqualTo(start.getSpanId());
              });
      assertThat(List.of(acquire, section))
          .allSatisfy(
              s -> {
                assertThat(s.getTraceId()).isEqualTo(trace);
                assertThat(s.getParentSpanId()).isEqualTo(orchestration.getSpanId());
              });
      assertThat(
              acquire
                  .getAttributes()
                  .get(AttributeKey.stringArrayKey("durabletask.entity.lock_set")))
          .containsExactly("@account@from-" + suffix, "@account@to-" + suffix);
      assertThat(calls)
          .extracting(SpanData::getName)
          .containsExactlyInAnyOrder(
              "call_entity:withdraw", "call_entity:deposit", "call_entity:balance");
      assertThat(calls)
          .allSatisfy(
              call -> {
                assertThat(call.getTraceId()).isEqualTo(trace);
                assertThat(call.getParentSpanId()).isEqualTo(section.getSpanId());
              });
      await().atMost(DEADLINE).until(() -> !SPANS.named("entity_operation:withdraw").isEmpty());
      SpanData withdraw = SPANS.single("entity_operation:withdraw");
      assertThat(withdraw.getTraceId())
          .as("the operation a call ran joins the orchestration's trace through the scheduler")
          .isEqualTo(trace);
      assertThat(episodes.stream().map(SpanData::getSpanId).toList())
          .as("the withdraw's parent is the episode that sent the call")
          .contains(withdraw.getParentSpanId());
    }
  }
}
