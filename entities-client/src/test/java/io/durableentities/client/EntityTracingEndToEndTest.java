package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.testfixtures.ExportedSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal sent inside a trace continues in the worker: the entity operation's span is a child of
 * the client's {@code signal_entity} span (the scheduler stores the signal's trace context with the
 * queued message and hands it to the worker with the operation), also when the signal waited in a
 * scheduler that restarted before a worker took it.
 */
class EntityTracingEndToEndTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final ExportedSpans SPANS = new ExportedSpans(OTEL::getSpans);

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  /** A counter. */
  public static final class CounterEntity extends TaskEntity<Long> {
    public void add(long amount) {
      state += amount;
    }

    /** Passes an amount on to another counter. */
    public void forward(long amount) {
      context().signal(EntityInstanceId.of("counter", "forwarded"), "add", amount);
    }
  }

  private static DurableWorker worker(EmbeddedScheduler scheduler) {
    return DurableWorker.newBuilder(scheduler.connectionString())
        .entity(CounterEntity.class)
        .openTelemetry(OTEL.getOpenTelemetry())
        .shutdownTimeout(Duration.ofSeconds(10))
        .start();
  }

  private static DurableClient client(EmbeddedScheduler scheduler) {
    return DurableClient.newBuilder(scheduler.connectionString())
        .openTelemetry(OTEL.getOpenTelemetry())
        .build();
  }

  /** Signals inside an application span; returns that span's trace id. */
  private static String signalInsideASpan(DurableClient client, EntityInstanceId id, long amount) {
    Span app = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("checkout").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      client.entities().signal(id, "add", amount);
    } finally {
      app.end();
    }
    return app.getSpanContext().getTraceId();
  }

  private static SpanData awaitOperation() {
    await().atMost(WAIT).until(() -> !SPANS.named("entity_operation:add").isEmpty());
    return SPANS.single("entity_operation:add");
  }

  @Test
  void signalInsideASpan_operationSpanIsAChildOfTheSignalSpan() {
    try (EmbeddedScheduler scheduler =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
        DurableWorker worker = worker(scheduler);
        DurableClient client = client(scheduler)) {
      String traceId = signalInsideASpan(client, EntityInstanceId.of("counter", "t1"), 5);

      SpanData operation = awaitOperation();
      SpanData signal = SPANS.single("signal_entity:add");

      assertThat(signal.getKind()).isEqualTo(SpanKind.PRODUCER);
      assertThat(signal.getTraceId()).isEqualTo(traceId);
      assertThat(operation.getTraceId()).isEqualTo(traceId);
      assertThat(operation.getParentSpanId()).isEqualTo(signal.getSpanId());
      assertThat(operation.getLinks())
          .as("the batch that ran it is linked")
          .singleElement()
          .satisfies(
              link ->
                  assertThat(link.getSpanContext().getSpanId())
                      .isEqualTo(SPANS.single("entity:counter").getSpanId()));
    }
  }

  @Test
  void signalFromAnEntity_continuesTheTraceOfTheBatchThatSentIt() {
    try (EmbeddedScheduler scheduler =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
        DurableWorker worker = worker(scheduler);
        DurableClient client = client(scheduler)) {
      Span app = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("checkout").startSpan();
      try (Scope ignored = app.makeCurrent()) {
        client.entities().signal(EntityInstanceId.of("counter", "t3"), "forward", 4L);
      } finally {
        app.end();
      }

      SpanData forwarded = awaitOperation();
      SpanData sender =
          SPANS.named("entity:counter").stream()
              .filter(b -> b.getSpanId().equals(forwarded.getParentSpanId()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no batch span is the forwarded op's parent"));

      assertThat(forwarded.getTraceId()).isEqualTo(app.getSpanContext().getTraceId());
      assertThat(sender.getParentSpanId())
          .as("the sending batch continues the client's signal")
          .isEqualTo(SPANS.single("signal_entity:forward").getSpanId());
    }
  }

  @Test
  void signalQueuedAcrossARestart_operationSpanIsStillAChildOfTheSignalSpan() {
    EntityInstanceId id = EntityInstanceId.of("counter", "t2");
    String traceId;
    SchedulerOptions onDisk =
        SchedulerOptions.newBuilder().dataDir(dataDir).dashboardPort(0).port(0).build();
    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(onDisk);
        DurableClient client = client(scheduler)) {
      traceId = signalInsideASpan(client, id, 7);
    }
    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(onDisk);
        DurableWorker worker = worker(scheduler)) {
      SpanData operation = awaitOperation();

      assertThat(operation.getTraceId()).isEqualTo(traceId);
      assertThat(operation.getParentSpanId())
          .isEqualTo(SPANS.single("signal_entity:add").getSpanId());
    }
  }
}
