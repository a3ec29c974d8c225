package io.durableentities.benchmarks.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario (c): the latency of one durable signal, sent sequentially by one sender through a typed
 * proxy; each signal waits until the entity applied it before the next is sent, so nothing is
 * batched.
 */
final class SignalLatencyScenario implements Scenario {

  private static final long APPLY_TIMEOUT_MILLIS = 30_000;

  @Override
  public String id() {
    return "c";
  }

  @Override
  public String title() {
    return "(c) latency of one signal, sequential";
  }

  @Override
  public String setup() {
    return "One sender: `signal(Counter.class, \"lat\").stamp(System.nanoTime())`, then waits until"
        + " the entity applied it (the entity reads System.nanoTime() in the same JVM), then the"
        + " next; the same loop runs through the warm-up (and until the JIT settles), and the"
        + " first tenth of the measured signals is dropped too.";
  }

  @Override
  public String limitedBy() {
    return "Acknowledgement: one unary gRPC call plus one FULL commit (fsync); a sequential client's"
        + " commits are never back to back, and on this machine a commit after 1 ms idle costs"
        + " about twice a back-to-back one (the machine-limit rows show both). Send-to-applied adds"
        + " the dispatch of the entity work item over the worker's stream and the worker's"
        + " executor hand-off.";
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    int signals = context.options().latencySignals();
    int warmup = Math.max(1, signals / 10);
    EntityProbes.reset();
    LatencyRecorder ack = new LatencyRecorder();
    LatencyRecorder applied = new LatencyRecorder();
    LatencyRecorder ackToApplied = new LatencyRecorder();
    try (ProductHarness product = ProductHarness.start(context.newDir("latency-"))) {
      Counter counter = product.client().entities().signal(Counter.class, "lat");
      warmUp(counter, context.options().warmupPhase());
      for (int i = 0; i < warmup + signals; i++) {
        long sent = System.nanoTime();
        counter.stamp(sent);
        long acked = System.nanoTime();
        long appliedAt = EntityProbes.awaitStamp(sent, APPLY_TIMEOUT_MILLIS);
        if (i >= warmup) {
          ack.record(acked - sent);
          applied.record(appliedAt - sent);
          ackToApplied.record(appliedAt - acked);
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ack.p50", ack.percentileMillis(50));
    m.put("ack.p99", ack.percentileMillis(99));
    m.put("applied.p50", applied.percentileMillis(50));
    m.put("applied.p99", applied.percentileMillis(99));
    m.put("ackToApplied.p50", ackToApplied.percentileMillis(50));
    return m;
  }

  /**
   * Sends sequential signals the way the measured loop does, on another thread, through the warm-up
   * (so also until the JIT has compiled this path), then stops.
   */
  static void warmUp(Counter counter, Warmup warmup) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  long sent = System.nanoTime();
                  counter.stamp(sent);
                  EntityProbes.awaitStamp(sent, APPLY_TIMEOUT_MILLIS);
                }
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "signal-c-warmup");
    sender.start();
    try {
      warmup.run();
    } finally {
      stop.set(true);
      sender.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    double bound = limits.median(Limits.UNARY_P50) + limits.median(Limits.SQLITE_ONE_ROW_P50) + 0.3;
    double pacedBound =
        limits.median(Limits.UNARY_P50) + limits.median(Limits.SQLITE_ONE_ROW_IDLE_P50) + 0.3;
    double ackP50 = m.get("ack.p50").median();
    return List.of(
        Figure.of("acknowledgement p50", "ms", m.get("ack.p50"))
            .ratio(bound, "gRPC p50 + 1-row FULL commit p50 + 0.3 ms")
            .atMost(bound, String.format("<= %.2f ms (gRPC p50 + commit p50 + 0.3 ms)", bound)),
        Figure.of("  the same, against a commit after 1 ms idle", "ms", m.get("ack.p50"))
            .ratio(pacedBound, "gRPC p50 + 1-row FULL commit p50 after 1 ms idle + 0.3 ms"),
        Figure.of("acknowledgement p99", "ms", m.get("ack.p99"))
            .ratio(ackP50, "acknowledgement p50")
            .atMost(4 * ackP50, "<= 4x p50"),
        Figure.of("send-to-applied p50", "ms", m.get("applied.p50"))
            .ratio(bound, "gRPC p50 + 1-row FULL commit p50 + 0.3 ms")
            .atMost(2.0, "<= 2 ms"),
        Figure.of("send-to-applied p99", "ms", m.get("applied.p99")),
        Figure.of(
            "  applied minus acknowledged p50 (dispatch; < 0: applied before the ack arrived)",
            "ms",
            m.get("ackToApplied.p50")));
  }
}
