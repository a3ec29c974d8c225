package io.durableentities.benchmarks;

import io.durableentities.client.internal.telemetry.EntityBatchSpans;
import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.TraceContexts;
import io.durableentities.client.internal.telemetry.WorkerMetrics;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.core.TaskEntity;
import io.durableentities.core.internal.EntityBatchExecutor;
import io.durableentities.core.internal.EntityBatchRequest;
import io.durableentities.core.internal.EntityBatchResult;
import io.durableentities.core.internal.OperationRequest;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.telemetry.ReceiveSpans;
import io.durableentities.scheduler.internal.telemetry.SchedulerTelemetry;
import io.durableentities.scheduler.internal.telemetry.SchedulerTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What this library's telemetry code costs when no OpenTelemetry SDK is configured (the API's
 * no-op, the default), per signal: the same production code with and without its telemetry calls,
 * on one thread, in nanoseconds per operation.
 *
 * <ul>
 *   <li>{@code workerBatchN} / {@code workerBatchNInstrumented}: an entity batch of N {@code
 *       add(1)} through the production {@link EntityBatchExecutor}, bare, and inside the worker's
 *       batch and operation spans ({@link EntityBatchSpans}) with its metrics checks, as the worker
 *       runs it.
 *   <li>{@code clientSignalTelemetry}: the client's telemetry around one signal (span built and
 *       ended, its trace context asked for, the signal counted), without the call itself.
 *   <li>{@code schedulerSignalTelemetry}: the scheduler's around one signal (receive span asked
 *       for, counting checked), without the write itself.
 * </ul>
 *
 * <p>The cost per signal is {@code workerBatch1TelemetryOnly + clientSignalTelemetry +
 * schedulerSignalTelemetry} (the difference {@code workerBatch1Instrumented - workerBatch1} says
 * the same, but is lost in the noise of a batch that costs a thousand times more), to compare with
 * scenario (a)'s process CPU per applied signal ({@code docs/observability.md} has the figures).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TelemetryOverheadBenchmark}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TelemetryOverheadBenchmark {

  private static final WorkItem.RequestCase ENTITY = WorkItem.RequestCase.ENTITYREQUESTV2;

  private EntityBatchExecutor executor;
  private EntityBatchSpans spans;
  private WorkerMetrics workerMetrics;
  private Telemetry clientTelemetry;
  private SchedulerTracing schedulerTracing;
  private EntityInstanceId id;
  private EntityBatchRequest batch1;
  private EntityBatchRequest batch10;
  private SignalEntityRequest signal;
  private EntityBatchResult result1;
  private EntityBatchResult result10;

  /** A counter whose state is a bare {@code long}. */
  public static final class LongCounter extends TaskEntity<Long> {
    /**
     * Adds to the counter.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state += amount;
    }
  }

  /** Builds the executor, the batches and the telemetry on {@link OpenTelemetry#noop()}. */
  @Setup
  public void setUp() {
    OpenTelemetry noop = OpenTelemetry.noop();
    executor =
        new EntityBatchExecutor(
            name -> LongCounter::new, JacksonDataConverter.defaultInstance(), Clock.systemUTC());
    Telemetry telemetry = Telemetry.of(noop);
    spans = new EntityBatchSpans(telemetry);
    workerMetrics = telemetry.workerMetrics();
    clientTelemetry = Telemetry.of(noop);
    schedulerTracing = new SchedulerTracing(SchedulerTelemetry.of(noop).tracer());
    id = EntityInstanceId.of("counter", "bench");
    batch1 = batch(1);
    batch10 = batch(10);
    result1 = executor.execute(batch1);
    result10 = executor.execute(batch10);
    signal =
        SignalEntityRequest.newBuilder()
            .setInstanceId(id.toString())
            .setName("add")
            .setRequestId("r")
            .build();
  }

  private EntityBatchRequest batch(int size) {
    return new EntityBatchRequest(
        id, "41", Collections.nCopies(size, OperationRequest.of("add", "1")));
  }

  /**
   * A batch of one, bare.
   *
   * @return the result
   */
  @Benchmark
  public EntityBatchResult workerBatch1() {
    return executor.execute(batch1);
  }

  /**
   * A batch of one, as the worker runs it: in its spans, metrics checked.
   *
   * @return the result
   */
  @Benchmark
  public EntityBatchResult workerBatch1Instrumented() {
    return instrumented(batch1);
  }

  /**
   * A batch of ten, bare.
   *
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(10)
  public EntityBatchResult workerBatch10() {
    return executor.execute(batch10);
  }

  /**
   * A batch of ten, as the worker runs it.
   *
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(10)
  public EntityBatchResult workerBatch10Instrumented() {
    return instrumented(batch10);
  }

  /**
   * The worker's telemetry around a batch of one alone: the batch is a result computed in advance,
   * so what is measured is only the spans, the MDC and the metrics checks.
   *
   * @return the result
   */
  @Benchmark
  public EntityBatchResult workerBatch1TelemetryOnly() {
    return instrumented(batch1, () -> result1);
  }

  /**
   * The worker's telemetry around a batch of ten alone, per operation.
   *
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(10)
  public EntityBatchResult workerBatch10TelemetryOnly() {
    return instrumented(batch10, () -> result10);
  }

  private EntityBatchResult instrumented(EntityBatchRequest batch) {
    return instrumented(batch, () -> executor.execute(batch));
  }

  private EntityBatchResult instrumented(
      EntityBatchRequest batch, Supplier<EntityBatchResult> execute) {
    long received = System.nanoTime();
    EntityBatchResult result = spans.run(batch, List.of(), execute).result();
    if (workerMetrics.measuresBatches()) {
      throw new IllegalStateException("the no-op OpenTelemetry measures nothing");
    }
    workerMetrics.workItemCompleted(ENTITY, received);
    return result;
  }

  /**
   * The client's telemetry around one signal, as {@code GrpcEntityClient.signal} does it.
   *
   * @param blackhole sinks the trace context
   */
  @Benchmark
  public void clientSignalTelemetry(Blackhole blackhole) {
    Span span =
        clientTelemetry
            .tracer()
            .spanBuilder(SpanNames.of("signal_entity", "add"))
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SpanNames.TYPE, "signal_entity")
            .setAttribute(SpanNames.ENTITY_ID, id.toString())
            .setAttribute(SpanNames.ENTITY_OPERATION, "add")
            .startSpan();
    TraceContext trace = TraceContexts.of(span);
    try (Scope ignored = span.makeCurrent()) {
      blackhole.consume(trace);
    } finally {
      span.end();
    }
    clientTelemetry.clientMetrics().signalAcknowledged(id.name());
  }

  /**
   * The scheduler's telemetry around one signal: the receive span it asks for (none without an SDK)
   * and the dispatch check.
   *
   * @return the receive spans (null)
   */
  @Benchmark
  public ReceiveSpans schedulerSignalTelemetry() {
    ReceiveSpans receive = schedulerTracing.signal("default", signal);
    if (schedulerTracing.enabled()) {
      throw new IllegalStateException("the no-op OpenTelemetry traces nothing");
    }
    return receive;
  }
}
