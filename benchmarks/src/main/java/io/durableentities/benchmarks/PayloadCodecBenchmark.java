package io.durableentities.benchmarks;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.internal.grpc.PayloadCodec;
import io.durableentities.protocol.internal.EventRaisedEvent;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestratorCompletedEvent;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TaskScheduledEvent;
import io.durableentities.protocol.internal.TimerCreatedEvent;
import io.durableentities.protocol.internal.TimerFiredEvent;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.WorkItem;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What resolving the payload references of an orchestrator work item costs the worker, per work
 * item, in nanoseconds: the worker's {@link PayloadCodec#resolve} on a realistic replay (an
 * orchestration that ran 10 activities and took a timer and two events: 47 history events, small
 * JSON payloads, trace contexts), which the worker runs on every work item before the orchestration
 * replays.
 *
 * <ul>
 *   <li>{@code resolveWithoutStore}: a worker without a payload store (the default); the codec only
 *       checks that no payload is a reference, to fail clearly when one is.
 *   <li>{@code resolveWithStore}: a worker with a store, on an item whose payloads are all inline
 *       (the common case: nothing to download).
 *   <li>{@code resolveWithStoreOneReference}: with a store, one activity result a reference (read
 *       from memory here, so that the figure is the codec's, not the storage account's).
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PayloadCodecBenchmark}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PayloadCodecBenchmark {

  private PayloadCodec withoutStore;
  private PayloadCodec withStore;
  private WorkItem inline;
  private WorkItem oneReference;

  /** A store in memory, with the blob-payload token form. */
  static final class MemoryStore implements PayloadStore {
    private final Map<String, String> blobs = new ConcurrentHashMap<>();

    @Override
    public String upload(String payload) {
      String token = PayloadCodec.TOKEN_PREFIX + "bench:" + UUID.randomUUID();
      blobs.put(token, payload);
      return token;
    }

    @Override
    public String download(String token) {
      return blobs.get(token);
    }

    @Override
    public boolean isKnownToken(String value) {
      return value.startsWith(PayloadCodec.TOKEN_PREFIX);
    }
  }

  /** Builds the codecs and the work items. */
  @Setup
  public void setUp() {
    MemoryStore store = new MemoryStore();
    withoutStore = PayloadCodec.of(null, "DurableWorker.Builder");
    withStore = PayloadCodec.of(store, "DurableWorker.Builder");
    inline = workItem(null);
    oneReference = workItem(store.upload("{\"big\":\"" + "x".repeat(1000) + "\"}"));
  }

  private static WorkItem workItem(String referencedResult) {
    TraceContext trace =
        TraceContext.newBuilder()
            .setTraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .setTraceState(StringValue.of("vendor=1"))
            .build();
    Timestamp now = Timestamp.newBuilder().setSeconds(1_700_000_000L).build();
    OrchestratorRequest.Builder request =
        OrchestratorRequest.newBuilder()
            .setInstanceId("order-42")
            .setExecutionId(StringValue.of("6f1c0d4e8a9b4c2d"));
    int id = 0;
    request.addPastEvents(
        event(id++, now)
            .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance())
            .build());
    request.addPastEvents(
        event(-1, now)
            .setExecutionStarted(
                ExecutionStartedEvent.newBuilder()
                    .setName("ProcessOrder")
                    .setVersion(StringValue.of("1.0"))
                    .setInput(StringValue.of("{\"orderId\":42,\"items\":[1,2,3]}"))
                    .setOrchestrationInstance(
                        OrchestrationInstance.newBuilder()
                            .setInstanceId("order-42")
                            .setExecutionId(StringValue.of("6f1c0d4e8a9b4c2d")))
                    .setParentTraceContext(trace))
            .build());
    for (int i = 0; i < 10; i++) {
      int scheduled = id++;
      request.addPastEvents(
          event(scheduled, now)
              .setTaskScheduled(
                  TaskScheduledEvent.newBuilder()
                      .setName("Step" + i)
                      .setInput(StringValue.of("{\"step\":" + i + "}"))
                      .setParentTraceContext(trace))
              .build());
      request.addPastEvents(
          event(-1, now)
              .setOrchestratorCompleted(OrchestratorCompletedEvent.getDefaultInstance())
              .build());
      request.addPastEvents(
          event(-1, now)
              .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance())
              .build());
      String result =
          i == 5 && referencedResult != null
              ? referencedResult
              : "{\"ok\":true,\"step\":" + i + "}";
      request.addPastEvents(
          event(-1, now)
              .setTaskCompleted(
                  TaskCompletedEvent.newBuilder()
                      .setTaskScheduledId(scheduled)
                      .setResult(StringValue.of(result)))
              .build());
    }
    request.addPastEvents(
        event(id++, now).setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(now)).build());
    request.addPastEvents(
        event(-1, now)
            .setTimerFired(TimerFiredEvent.newBuilder().setFireAt(now).setTimerId(id - 1))
            .build());
    request.addPastEvents(
        event(-1, now)
            .setEventRaised(
                EventRaisedEvent.newBuilder()
                    .setName("approved")
                    .setInput(StringValue.of("{\"by\":\"alice\"}")))
            .build());
    request.addNewEvents(
        event(-1, now)
            .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance())
            .build());
    request.addNewEvents(
        event(-1, now)
            .setEventRaised(
                EventRaisedEvent.newBuilder()
                    .setName("shipped")
                    .setInput(StringValue.of("{\"carrier\":\"x\"}")))
            .build());
    return WorkItem.newBuilder()
        .setOrchestratorRequest(request)
        .setCompletionToken("token")
        .build();
  }

  private static HistoryEvent.Builder event(int id, Timestamp at) {
    return HistoryEvent.newBuilder().setEventId(id).setTimestamp(at);
  }

  /**
   * Without a store: checks that no payload is a reference.
   *
   * @return the item
   */
  @Benchmark
  public WorkItem resolveWithoutStore() {
    return withoutStore.resolve(inline);
  }

  /**
   * With a store, nothing to resolve.
   *
   * @return the item
   */
  @Benchmark
  public WorkItem resolveWithStore() {
    return withStore.resolve(inline);
  }

  /**
   * With a store, one reference to resolve.
   *
   * @return the item
   */
  @Benchmark
  public WorkItem resolveWithStoreOneReference() {
    return withStore.resolve(oneReference);
  }
}
