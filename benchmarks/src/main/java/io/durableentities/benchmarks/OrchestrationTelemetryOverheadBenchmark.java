package io.durableentities.benchmarks;

import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.TraceContexts;
import io.durableentities.client.internal.telemetry.TraceMdc;
import io.durableentities.client.internal.telemetry.WorkerMetrics;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.ScheduleTaskAction;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.telemetry.ReceiveSpans;
import io.durableentities.scheduler.internal.telemetry.SchedulerMetrics;
import io.durableentities.scheduler.internal.telemetry.SchedulerTelemetry;
import io.durableentities.scheduler.internal.telemetry.SchedulerTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What this library's telemetry code costs per work item of scenario (d) (orchestrations of five
 * sequential activities) when no OpenTelemetry SDK is configured (the API's no-op, the default):
 * the calls the production code makes around each piece of work, without the work itself, on one
 * thread, in nanoseconds per operation. Without an SDK the client puts no trace context on the
 * start, so every later check finds none, as in the real run.
 *
 * <ul>
 *   <li>{@code workerEpisodeTelemetry}: the worker's around one orchestrator episode: the work-item
 *       clock read when the item arrives, the episode's parent trace context checked ({@link
 *       TraceContexts#isValid}, after which {@code OrchestrationSpans} just replays), the
 *       critical-section metrics check, and the work-item latency recorded as {@code
 *       WorkItemContext} does on completion. {@code OrchestrationSpans} and {@code
 *       CriticalSectionMetrics} are package-private in {@code orchestration-bridge}, so they are
 *       not reachable from here: their public calls are made directly, and what is left of them
 *       (the look-up of the {@code ExecutionStarted} event among the first history events) is not
 *       measured.
 *   <li>{@code workerActivityTelemetry}: the worker's around one activity, as {@code
 *       ActivityWorkItemHandler.handle} does it (span built with its parent and attributes, MDC,
 *       {@link Telemetry#within}, failure check), the response computed in advance, and the
 *       work-item latency recorded.
 *   <li>{@code clientScheduleTelemetry} and {@code clientWaitTelemetry}: the client's around {@code
 *       scheduleNew} and {@code waitForCompletion}, as {@code GrpcOrchestrationClient} does it,
 *       without the calls.
 *   <li>{@code schedulerStartTelemetry}: the scheduler's receive span asked for on the start (none
 *       without an SDK).
 *   <li>{@code schedulerOrchestratorWorkItemTelemetry}: the scheduler's around one orchestrator
 *       work item: the dispatch span check of {@code TaskDispatcher}, the dispatch ended, and the
 *       receive spans asked for on its completion (one scheduled activity).
 *   <li>{@code schedulerActivityWorkItemTelemetry}: the dispatch check and end of an activity work
 *       item (its completion asks for no span).
 *   <li>{@code schedulerCommitTelemetry}: the commit metrics of one group of writes; the start and
 *       each completion are committed in a group, often with others, so once per write is an upper
 *       bound.
 * </ul>
 *
 * <p>An orchestration of (d) is 6 orchestrator episodes and 5 activities, 11 work items. The cost
 * per orchestration is {@code clientScheduleTelemetry + clientWaitTelemetry +
 * schedulerStartTelemetry} (once per orchestration) {@code + 6 × (workerEpisodeTelemetry +
 * schedulerOrchestratorWorkItemTelemetry) + 5 × (workerActivityTelemetry +
 * schedulerActivityWorkItemTelemetry) + 12 × schedulerCommitTelemetry} (the start and the 11
 * completions, each counted as a commit group of its own: an upper bound); divided by 11, it is the
 * cost per work item, to compare with scenario (d)'s process CPU per work item (a few hundred µs:
 * 230-260 µs in the runner's reports, so the 2 % bound is about 5 µs). The gRPC calls and the
 * replay are not telemetry and are left out, as the entity figures of {@link
 * TelemetryOverheadBenchmark} leave out the batch.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar
 * OrchestrationTelemetryOverheadBenchmark}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class OrchestrationTelemetryOverheadBenchmark {

  private static final String HUB = "default";
  private static final String ORCHESTRATION = "Chain";
  private static final String ACTIVITY = "Step";
  private static final String INSTANCE = "0f8fad5b-d9cb-469f-a165-70867728950e";

  private WorkerMetrics workerMetrics;
  private Telemetry workerTelemetry;
  private Telemetry clientTelemetry;
  private SchedulerTracing schedulerTracing;
  private SchedulerMetrics schedulerMetrics;
  private ExecutionStartedEvent started;
  private ActivityRequest activity;
  private ActivityResponse activityDone;
  private CreateInstanceRequest start;
  private OrchestratorResponse episodeDone;

  /** Builds the telemetry on {@link OpenTelemetry#noop()} and the messages of one (d) instance. */
  @Setup
  public void setUp() {
    OpenTelemetry noop = OpenTelemetry.noop();
    workerTelemetry = Telemetry.of(noop);
    workerMetrics = workerTelemetry.workerMetrics();
    clientTelemetry = Telemetry.of(noop);
    SchedulerTelemetry scheduler = SchedulerTelemetry.of(noop);
    schedulerTracing = new SchedulerTracing(scheduler.tracer());
    schedulerMetrics =
        new SchedulerMetrics(
            scheduler.meter(),
            null,
            0,
            () ->
                CompletableFuture.failedStage(
                    new IllegalStateException("no readings in a benchmark")));
    OrchestrationInstance instance =
        OrchestrationInstance.newBuilder().setInstanceId(INSTANCE).build();
    started =
        ExecutionStartedEvent.newBuilder()
            .setName(ORCHESTRATION)
            .setOrchestrationInstance(instance)
            .build();
    activity =
        ActivityRequest.newBuilder()
            .setName(ACTIVITY)
            .setOrchestrationInstance(instance)
            .setTaskId(3)
            .build();
    activityDone = ActivityResponse.newBuilder().setInstanceId(INSTANCE).setTaskId(3).build();
    start =
        CreateInstanceRequest.newBuilder().setInstanceId(INSTANCE).setName(ORCHESTRATION).build();
    episodeDone =
        OrchestratorResponse.newBuilder()
            .setInstanceId(INSTANCE)
            .addActions(
                OrchestratorAction.newBuilder()
                    .setId(3)
                    .setScheduleTask(ScheduleTaskAction.newBuilder().setName(ACTIVITY)))
            .build();
  }

  /** Stops the scheduler metrics' observation. */
  @TearDown
  public void tearDown() {
    schedulerMetrics.close();
  }

  /**
   * The worker's telemetry around one orchestrator episode, the replay left out.
   *
   * @return whether the episode had a parent trace context (false)
   */
  @Benchmark
  public boolean workerEpisodeTelemetry() {
    long received = System.nanoTime();
    boolean traced = TraceContexts.isValid(started.getParentTraceContext());
    if (traced) {
      throw new IllegalStateException("a start without a trace context continues no trace");
    }
    if (workerMetrics.measuresCriticalSections()) {
      throw new IllegalStateException("the no-op OpenTelemetry measures nothing");
    }
    workerMetrics.workItemCompleted(WorkItem.RequestCase.ORCHESTRATORREQUEST, received);
    return traced;
  }

  /**
   * The worker's telemetry around one activity, as {@code ActivityWorkItemHandler.handle} does it,
   * the activity's response computed in advance.
   *
   * @return the response
   */
  @Benchmark
  public ActivityResponse workerActivityTelemetry() {
    long received = System.nanoTime();
    ActivityRequest request = activity;
    Span span =
        workerTelemetry
            .tracer()
            .spanBuilder(SpanNames.of("activity", request.getName()))
            .setSpanKind(SpanKind.SERVER)
            .setParent(
                TraceContexts.parent(
                    request.hasParentTraceContext() ? request.getParentTraceContext() : null))
            .setAttribute(SpanNames.TYPE, "activity")
            .setAttribute(SpanNames.TASK_NAME, request.getName())
            .setAttribute(SpanNames.INSTANCE_ID, request.getOrchestrationInstance().getInstanceId())
            .setAttribute(SpanNames.TASK_ID, (long) request.getTaskId())
            .startSpan();
    ActivityResponse response;
    try (TraceMdc ignored = TraceMdc.put(span.getSpanContext())) {
      response =
          Telemetry.within(
              span,
              () -> {
                ActivityResponse done = activityDone;
                if (done.hasFailureDetails()) {
                  span.setStatus(StatusCode.ERROR, done.getFailureDetails().getErrorMessage());
                }
                return done;
              });
    }
    workerMetrics.workItemCompleted(WorkItem.RequestCase.ACTIVITYREQUEST, received);
    return response;
  }

  /**
   * The client's telemetry around {@code scheduleNew}, without the call.
   *
   * @return the instance id
   */
  @Benchmark
  public String clientScheduleTelemetry() {
    Span span = clientTelemetry.start("create_orchestration", ORCHESTRATION, SpanKind.PRODUCER);
    span.setAttribute(SpanNames.TASK_NAME, ORCHESTRATION);
    span.setAttribute(SpanNames.INSTANCE_ID, INSTANCE);
    TraceContext trace = TraceContexts.of(span);
    if (trace != null) {
      throw new IllegalStateException("the no-op OpenTelemetry has no trace context to send");
    }
    return Telemetry.within(span, () -> INSTANCE);
  }

  /**
   * The client's telemetry around {@code waitForCompletion}, without the wait.
   *
   * @param blackhole sinks the span
   */
  @Benchmark
  public void clientWaitTelemetry(Blackhole blackhole) {
    Span span = clientTelemetry.start("wait_orchestration", "completion", SpanKind.CLIENT);
    span.setAttribute(SpanNames.TARGET_INSTANCE_ID, INSTANCE);
    try (Scope ignored = span.makeCurrent()) {
      blackhole.consume(span);
    } finally {
      span.end();
    }
  }

  /**
   * The scheduler's telemetry on an orchestration's start: the receive span it asks for.
   *
   * @return the receive spans (null)
   */
  @Benchmark
  public ReceiveSpans schedulerStartTelemetry() {
    return schedulerTracing.start(HUB, start);
  }

  /**
   * The scheduler's telemetry around one orchestrator work item: its dispatch span, as {@code
   * TaskDispatcher} asks for it, ended, and the receive spans of its completion.
   *
   * @return the receive spans (null)
   */
  @Benchmark
  public ReceiveSpans schedulerOrchestratorWorkItemTelemetry() {
    if (schedulerTracing.enabled()) {
      throw new IllegalStateException("the no-op OpenTelemetry traces nothing");
    }
    SchedulerTracing.dispatched(null, true);
    return schedulerTracing.actions(HUB, episodeDone);
  }

  /**
   * The scheduler's telemetry around one activity work item: its dispatch span check, as {@code
   * TaskDispatcher} makes it, and the dispatch ended.
   *
   * @return whether a dispatch span was asked for (false)
   */
  @Benchmark
  public boolean schedulerActivityWorkItemTelemetry() {
    boolean traced = schedulerTracing.enabled() && activity.hasParentTraceContext();
    if (traced) {
      throw new IllegalStateException("the no-op OpenTelemetry traces nothing");
    }
    SchedulerTracing.dispatched(null, true);
    return traced;
  }

  /** The scheduler's commit metrics of one group of writes. */
  @Benchmark
  public void schedulerCommitTelemetry() {
    schedulerMetrics.groupCommitted(4, 1_000_000L);
  }
}
