package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.WorkItem;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's own spans, read with an in-memory exporter, for requests sent with raw gRPC: a
 * receive span per request that carries a trace context, a child of it, ended at its group's
 * commit; a dispatch span per work item with its queue wait; nothing for requests without one.
 */
class SchedulerTracingTest {

  private static final String CLIENT_SPAN = "b7ad6b7169203331";
  private static final String ACTION_SPAN = "00f067aa0ba902b7";

  private final TracedHarness tracing = new TracedHarness();
  private final SchedulerHarness h = tracing.h;
  private final InMemorySpanExporter spans = tracing.exporter;

  @AfterEach
  void tearDown() throws InterruptedException {
    tracing.close();
  }

  @Test
  void signalWithTraceContext_hasReceiveSpan_childOfTheClient_endedAtItsCommit() {
    h.client.signalEntity(
        SchedulerHarness.signalRequest("@counter@c1", "add", "1").toBuilder()
            .setParentTraceContext(TracedHarness.parent(CLIENT_SPAN))
            .build());
    h.signal("@counter@c2", "add", "1");

    SpanData receive = tracing.single("receive:signal_entity");
    assertThat(receive.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(receive.getTraceId()).isEqualTo(TracedHarness.TRACE);
    assertThat(receive.getParentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(receive.getParentSpanContext().isRemote()).isTrue();
    assertThat(TracedHarness.attr(receive, "durabletask.entity.instance_id"))
        .isEqualTo("@counter@c1");
    assertThat(TracedHarness.attr(receive, "durabletask.entity.operation")).isEqualTo("add");
    assertThat(TracedHarness.attr(receive, "messaging.operation.type")).isEqualTo("receive");
    assertThat(
            receive.getAttributes().get(AttributeKey.longKey("durableentities.commit.group_size")))
        .isGreaterThanOrEqualTo(1L);
    assertThat(
            receive.getAttributes().get(AttributeKey.doubleKey("durableentities.commit.duration")))
        .isNotNull()
        .isGreaterThanOrEqualTo(0.0);
    assertThat(receive.getEvents())
        .extracting(EventData::getName)
        .containsExactly("write", "commit");
    assertThat(receive.getEvents().get(1).getEpochNanos())
        .isBetween(receive.getStartEpochNanos(), receive.getEndEpochNanos());
    assertThat(spans.getFinishedSpanItems())
        .as("the signal without a trace context has no span")
        .hasSize(1);
  }

  @Test
  void orchestration_hasReceiveAndDispatchSpans_withTheQueueWait() throws Exception {
    h.client.startInstance(
        start("o1", "Chain", null)
            .setParentTraceContext(TracedHarness.parent(CLIENT_SPAN))
            .build());
    h.client.startInstance(start("o2", "Chain", null).build());
    h.clock.advance(Duration.ofSeconds(5));
    try (TestWorker worker = h.worker()) {
      WorkItem first = worker.nextOrchestration();
      WorkItem second = worker.nextOrchestration();
      WorkItem traced =
          first.getOrchestratorRequest().getInstanceId().equals("o1") ? first : second;
      OrchestratorAction task =
          Orch.scheduleTask(0, "Say", "1").toBuilder()
              .setScheduleTask(
                  Orch.scheduleTask(0, "Say", "1").getScheduleTask().toBuilder()
                      .setParentTraceContext(TracedHarness.parent(ACTION_SPAN)))
              .build();
      worker.completeOrchestrator(response(traced, task).build());
      worker.nextActivity();

      SpanData receive = tracing.single("receive:create_orchestration");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> tracing.named("dispatch:activity").size() == 1);
      List<SpanData> dispatches = tracing.named("dispatch:orchestrator");
      SpanData scheduled = tracing.single("receive:schedule_task");
      SpanData activity = tracing.single("dispatch:activity");

      assertThat(receive.getParentSpanId()).isEqualTo(CLIENT_SPAN);
      assertThat(TracedHarness.attr(receive, "durabletask.task.instance_id")).isEqualTo("o1");
      assertThat(TracedHarness.attr(receive, "durabletask.task.name")).isEqualTo("Chain");
      assertThat(dispatches).as("o2 has no trace context: no span").hasSize(1);
      SpanData dispatch = dispatches.get(0);
      assertThat(dispatch.getKind()).isEqualTo(SpanKind.PRODUCER);
      assertThat(dispatch.getParentSpanId()).isEqualTo(CLIENT_SPAN);
      assertThat(dispatch.getTraceId()).isEqualTo(TracedHarness.TRACE);
      assertThat(
              dispatch
                  .getAttributes()
                  .get(AttributeKey.doubleKey("durableentities.dispatch.queue_wait")))
          .as("the start waited 5 s (virtual) for a worker")
          .isEqualTo(5.0);
      assertThat(scheduled.getParentSpanId()).isEqualTo(ACTION_SPAN);
      assertThat(TracedHarness.attr(scheduled, "durabletask.task.name")).isEqualTo("Say");
      assertThat(TracedHarness.attr(scheduled, "durabletask.task.instance_id")).isEqualTo("o1");
      assertThat(activity.getParentSpanId()).isEqualTo(ACTION_SPAN);
      assertThat(
              activity
                  .getAttributes()
                  .get(AttributeKey.doubleKey("durableentities.dispatch.queue_wait")))
          .isEqualTo(0.0);
    }
  }

  @Test
  void rejectedRequest_endsItsReceiveSpanWithTheError() {
    h.client.startInstance(start("dup", "Chain", null).build());
    try {
      h.client.startInstance(
          start("dup", "Chain", null)
              .setParentTraceContext(TracedHarness.parent(CLIENT_SPAN))
              .build());
    } catch (io.grpc.StatusRuntimeException expected) {
      // an instance with that id exists
    }

    SpanData receive = tracing.single("receive:create_orchestration");
    assertThat(receive.getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(TracedHarness.attr(receive, "error.type")).isEqualTo("ALREADY_EXISTS");
  }
}
