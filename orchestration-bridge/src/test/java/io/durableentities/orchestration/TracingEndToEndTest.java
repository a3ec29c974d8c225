package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The spans of a locked transfer on the embedded scheduler: one connected trace from the client's
 * start through the orchestration, its lock acquisition, its calls and its unlock, and the entity
 * operations the calls ran (each under the episode that sent its call), each span once although the
 * orchestration replays in several episodes.
 */
class TracingEndToEndTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final ExportedSpans SPANS = new ExportedSpans(OTEL::getSpans);

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void lockedTransfer_isOneConnectedTrace_clientToOrchestrationToLockToCallsToUnlock()
      throws Exception {
    try (TracedTransferRig rig = new TracedTransferRig(OTEL.getOpenTelemetry())) {
      DurableClient durable = rig.durable;
      EntityInstanceId from = EntityInstanceId.of("account", "trace-a");
      durable.entities().signal(from, "deposit", 100L);
      await().atMost(WAIT).until(() -> durable.entities().get(from, Long.class).isPresent());
      OrchestrationClient client = rig.client;
      String id = client.scheduleNew("Transfer", new Transfer.Request("trace-a", "trace-b", 30));
      client.waitForCompletion(id, WAIT);
      await().atMost(WAIT).until(() -> !SPANS.named("orchestration:Transfer").isEmpty());

      SpanData start = SPANS.single("create_orchestration:Transfer");
      SpanData orchestration = SPANS.single("orchestration:Transfer");
      SpanData acquire = SPANS.single("entity_lock:acquire");
      SpanData section = SPANS.single("entity_lock:critical_section");
      List<SpanData> calls = SPANS.startingWith("call_entity:");
      List<SpanData> episodes = SPANS.named("orchestration_episode:Transfer");

      assertThat(start.getKind()).isEqualTo(SpanKind.PRODUCER);
      assertThat(orchestration.getParentSpanId()).isEqualTo(start.getSpanId());
      assertThat(
              orchestration.getAttributes().get(AttributeKey.stringKey("durabletask.task.status")))
          .isEqualTo("COMPLETED");
      assertThat(episodes)
          .as("a lock, four calls and the unlock take several episodes")
          .hasSizeGreaterThanOrEqualTo(5)
          .allSatisfy(e -> assertThat(e.getParentSpanId()).isEqualTo(start.getSpanId()));
      assertThat(acquire.getParentSpanId()).isEqualTo(orchestration.getSpanId());
      assertThat(
              acquire
                  .getAttributes()
                  .get(AttributeKey.stringArrayKey("durabletask.entity.lock_set")))
          .containsExactly("@account@trace-a", "@account@trace-b");
      assertThat(section.getParentSpanId()).isEqualTo(orchestration.getSpanId());
      assertThat(section.getStartEpochNanos()).isEqualTo(acquire.getEndEpochNanos());
      assertThat(calls)
          .extracting(SpanData::getName)
          .containsExactlyInAnyOrder(
              "call_entity:withdraw",
              "call_entity:deposit",
              "call_entity:balance",
              "call_entity:balance");
      assertThat(calls)
          .allSatisfy(
              call -> {
                assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(call.getParentSpanId()).isEqualTo(section.getSpanId());
                assertThat(call.getStartEpochNanos())
                    .isGreaterThanOrEqualTo(section.getStartEpochNanos());
                assertThat(call.getEndEpochNanos()).isLessThanOrEqualTo(section.getEndEpochNanos());
              });
      assertThat(section.getEndEpochNanos())
          .as("the section ends when the unlock goes out, within the orchestration")
          .isLessThanOrEqualTo(orchestration.getEndEpochNanos());
      assertThat(
              List.of(orchestration, acquire, section, calls.get(0), calls.get(1), episodes.get(0)))
          .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(start.getTraceId()));

      // The operations the calls ran join the orchestration's trace, each under the episode that
      // sent its call, once although the orchestration replayed; the client's deposit signal
      // continues the client's own signal span.
      await().atMost(WAIT).until(() -> SPANS.named("entity_operation:balance").size() == 2);
      List<String> episodeIds = episodes.stream().map(SpanData::getSpanId).toList();
      SpanData withdraw = SPANS.single("entity_operation:withdraw");
      List<SpanData> balances = SPANS.named("entity_operation:balance");
      List<SpanData> deposits = SPANS.named("entity_operation:deposit");
      assertThat(deposits).hasSize(2);
      SpanData signal = SPANS.single("signal_entity:deposit");
      SpanData signaled =
          deposits.stream()
              .filter(d -> d.getParentSpanId().equals(signal.getSpanId()))
              .findFirst()
              .orElseThrow();
      assertThat(signaled.getTraceId()).isEqualTo(signal.getTraceId());
      SpanData called = deposits.get(deposits.get(0) == signaled ? 1 : 0);
      assertThat(List.of(withdraw, called, balances.get(0), balances.get(1)))
          .allSatisfy(
              op -> {
                assertThat(op.getTraceId()).isEqualTo(start.getTraceId());
                assertThat(episodeIds).contains(op.getParentSpanId());
                assertThat(op.getStartEpochNanos())
                    .as("ran after the lock was granted")
                    .isGreaterThanOrEqualTo(section.getStartEpochNanos());
              });
      assertThat(withdraw.getParentSpanId())
          .as("the withdraw and the deposit were sent by different episodes")
          .isNotEqualTo(called.getParentSpanId());
    }
  }
}
