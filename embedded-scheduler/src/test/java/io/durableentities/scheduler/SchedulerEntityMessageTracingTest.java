package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.OrchestrationTraceContext;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.WorkItem;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's receive spans for the messages that completions send, read with an in-memory
 * exporter for completions sent with raw gRPC: an orchestration's entity signals, calls and lock
 * requests (children of the episode span the scheduler derives for them) and an entity batch's
 * signals and orchestration starts (children of the trace context each action carries); none where
 * no trace context is known.
 */
class SchedulerEntityMessageTracingTest {

  private static final String CLIENT_SPAN = "b7ad6b7169203331";
  private static final String EPISODE_SPAN = "00f067aa0ba902b7";
  private static final String BATCH_SPAN = "53995c3f42cd8ad8";

  private final TracedHarness tracing = new TracedHarness();
  private final SchedulerHarness h = tracing.h;
  private final InMemorySpanExporter spans = tracing.exporter;

  @AfterEach
  void tearDown() throws InterruptedException {
    tracing.close();
  }

  private static OrchestratorAction[] entityMessages(int firstId) {
    return new OrchestratorAction[] {
      Orch.callEntity(firstId, "@Counter@c", "get", null, UUID.randomUUID().toString()),
      Orch.signalEntity(firstId + 1, "@Counter@s", "add", "1", UUID.randomUUID().toString()),
      Orch.lock(firstId + 2, UUID.randomUUID().toString(), "unused", "@account@a", "@account@b")
    };
  }

  @Test
  void orchestrationEntityMessages_haveReceiveSpans_childrenOfTheEpisode() throws Exception {
    h.client.startInstance(
        start("o1", "Transfer", null)
            .setParentTraceContext(TracedHarness.parent(CLIENT_SPAN))
            .build());
    h.client.startInstance(start("o2", "Transfer", null).build());
    try (TestWorker worker = h.worker()) {
      WorkItem first = worker.nextOrchestration();
      WorkItem second = worker.nextOrchestration();
      boolean firstIsTraced = first.getOrchestratorRequest().getInstanceId().equals("o1");
      WorkItem traced = firstIsTraced ? first : second;
      WorkItem untraced = firstIsTraced ? second : first;

      worker.completeOrchestrator(
          response(untraced, entityMessages(1))
              .setOrchestrationTraceContext(
                  OrchestrationTraceContext.newBuilder().setSpanID(StringValue.of(EPISODE_SPAN)))
              .build());
      worker.completeOrchestrator(
          response(traced, entityMessages(1))
              .setOrchestrationTraceContext(
                  OrchestrationTraceContext.newBuilder().setSpanID(StringValue.of(EPISODE_SPAN)))
              .build());

      SpanData call = tracing.single("receive:call_entity");
      SpanData signal = tracing.single("receive:signal_entity");
      SpanData lock = tracing.single("receive:lock_entities");
      for (SpanData span : List.of(call, signal, lock)) {
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TracedHarness.TRACE);
        assertThat(span.getParentSpanId()).as(span.getName()).isEqualTo(EPISODE_SPAN);
        assertThat(TracedHarness.attr(span, "durabletask.task.instance_id")).isEqualTo("o1");
        assertThat(span.getEvents())
            .extracting(EventData::getName)
            .containsExactly("write", "commit");
        assertThat(span.getEvents().get(0).getEpochNanos())
            .as("%s was received before the writer took it", span.getName())
            .isGreaterThanOrEqualTo(span.getStartEpochNanos());
        assertThat(span.getEvents().get(1).getEpochNanos())
            .isBetween(span.getEvents().get(0).getEpochNanos(), span.getEndEpochNanos());
        assertThat(
                span.getAttributes().get(AttributeKey.longKey("durableentities.commit.group_size")))
            .isGreaterThanOrEqualTo(1L);
      }
      assertThat(TracedHarness.attr(call, "durabletask.entity.instance_id"))
          .isEqualTo("@Counter@c");
      assertThat(TracedHarness.attr(call, "durabletask.entity.operation")).isEqualTo("get");
      assertThat(call.getAttributes().get(AttributeKey.longKey("durabletask.task.task_id")))
          .isEqualTo(1L);
      assertThat(TracedHarness.attr(signal, "durabletask.entity.operation")).isEqualTo("add");
      assertThat(
              lock.getAttributes().get(AttributeKey.stringArrayKey("durabletask.entity.lock_set")))
          .containsExactly("@account@a", "@account@b");
      assertThat(tracing.named("receive:create_orchestration"))
          .as("o2 was started without a trace context: neither it nor its messages have a span")
          .hasSize(1);
    }
  }

  @Test
  void orchestrationEntityMessage_withoutAnEpisodeSpan_isAChildOfTheExecutionsParent()
      throws Exception {
    h.client.startInstance(
        start("o1", "Transfer", null)
            .setParentTraceContext(TracedHarness.parent(CLIENT_SPAN))
            .build());
    try (TestWorker worker = h.worker()) {
      WorkItem first = worker.nextOrchestration();

      worker.completeOrchestrator(
          response(
                  first,
                  Orch.signalEntity(1, "@Counter@s", "add", "1", UUID.randomUUID().toString()))
              .build());

      assertThat(tracing.single("receive:signal_entity").getParentSpanId()).isEqualTo(CLIENT_SPAN);
    }
  }

  @Test
  void entityBatchActions_haveReceiveSpans_childrenOfTheirTraceContext() throws Exception {
    h.signal("@Source@a", "go", null);
    try (TestWorker worker = h.worker()) {
      WorkItem source = worker.nextEntity();

      worker.complete(
          EntityBatchResult.newBuilder()
              .setCompletionToken(source.getCompletionToken())
              .setEntityState(StringValue.of("1"))
              .addResults(
                  OperationResult.newBuilder()
                      .setSuccess(
                          OperationResultSuccess.newBuilder().setResult(StringValue.of("null"))))
              .addActions(signal(0, "@Target@b", TracedHarness.parent(BATCH_SPAN)))
              .addActions(signal(1, "@Target@untraced", null))
              .addActions(
                  OperationAction.newBuilder()
                      .setId(2)
                      .setStartNewOrchestration(
                          StartNewOrchestrationAction.newBuilder()
                              .setInstanceId("started-by-entity")
                              .setName("Report")
                              .setParentTraceContext(TracedHarness.parent(BATCH_SPAN))))
              .build());

      SpanData signal = tracing.single("receive:signal_entity");
      SpanData started = tracing.single("receive:create_orchestration");
      for (SpanData span : List.of(signal, started)) {
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TracedHarness.TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(BATCH_SPAN);
        assertThat(span.getEvents())
            .extracting(EventData::getName)
            .containsExactly("write", "commit");
      }
      assertThat(TracedHarness.attr(signal, "durabletask.entity.instance_id"))
          .isEqualTo("@Target@b");
      assertThat(TracedHarness.attr(signal, "durabletask.entity.operation")).isEqualTo("ping");
      assertThat(TracedHarness.attr(started, "durabletask.task.name")).isEqualTo("Report");
      assertThat(TracedHarness.attr(started, "durabletask.task.instance_id"))
          .isEqualTo("started-by-entity");
      assertThat(spans.getFinishedSpanItems())
          .filteredOn(s -> s.getName().startsWith("receive:"))
          .as("the client's untraced signal and the entity's untraced signal have none")
          .hasSize(2);
    }
  }

  private static OperationAction signal(int id, String target, TraceContext trace) {
    SendSignalAction.Builder s =
        SendSignalAction.newBuilder().setInstanceId(target).setName("ping");
    if (trace != null) {
      s.setParentTraceContext(trace);
    }
    return OperationAction.newBuilder().setId(id).setSendSignal(s).build();
  }
}
