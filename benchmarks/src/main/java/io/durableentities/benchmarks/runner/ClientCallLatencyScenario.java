package io.durableentities.benchmarks.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario (h): the latency of a typed client call, sequential from one client to one entity: a
 * call proxy's {@code add(1)} and then {@code get()}, each waiting until its operation ran.
 */
final class ClientCallLatencyScenario implements Scenario {

  private static final String KEY = "client-calls";

  @Override
  public String id() {
    return "h";
  }

  @Override
  public String title() {
    return "(h) latency of a client call, sequential";
  }

  @Override
  public String setup() {
    return "One client: `client.entities().call(Counter.class, \"client-calls\")`, then `add(1)` and"
        + " `get()` in turn (`get()` after an `add`; both are calls: each returns once its"
        + " operation ran, and `get()` is checked to read every add). The same loop runs through"
        + " the warm-up (and until the JIT settles); the first tenth of the measured pairs is"
        + " dropped too. Every call is timed, add and get alike.";
  }

  @Override
  public String limitedBy() {
    return "A client call starts the built-in call orchestration (one unary call and one commit)"
        + " and waits on one long poll while the orchestration runs two episodes around the"
        + " entity's batch (the first sends the operation, the second returns its result): four"
        + " commits and three work-item dispatches over the worker's stream. The finished instances"
        + " are purged in batches (one commit per 100 calls, or every 0.5 s). Target (issue #20):"
        + " p50 <= 5 x (sequential unary gRPC p50 + 1-row FULL commit p50 after 1 ms idle).";
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    int pairs = context.options().clientCalls();
    int warmup = Math.max(1, pairs / 10);
    LatencyRecorder all = new LatencyRecorder();
    LatencyRecorder adds = new LatencyRecorder();
    LatencyRecorder gets = new LatencyRecorder();
    try (ProductHarness product = ProductHarness.start(context.newDir("calls-"))) {
      Counter counter = product.client().entities().call(Counter.class, KEY);
      warmUp(counter, context.options().warmupPhase());
      long expected = counter.get();
      for (int i = 0; i < warmup + pairs; i++) {
        long start = System.nanoTime();
        counter.add(1);
        long added = System.nanoTime();
        long value = counter.get();
        long read = System.nanoTime();
        expected++;
        if (value != expected) {
          throw new IllegalStateException(
              "get() after add(1) read " + value + ", expected " + expected);
        }
        if (i >= warmup) {
          adds.record(added - start);
          gets.record(read - added);
          all.record(added - start);
          all.record(read - added);
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("call.p50", all.percentileMillis(50));
    m.put("call.p99", all.percentileMillis(99));
    m.put("add.p50", adds.percentileMillis(50));
    m.put("get.p50", gets.percentileMillis(50));
    m.put("get.p99", gets.percentileMillis(99));
    return m;
  }

  /** Runs the measured loop on another thread through the warm-up, then stops it. */
  private static void warmUp(Counter counter, Warmup warmup) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  counter.add(1);
                  counter.get();
                }
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "calls-h-warmup");
    caller.start();
    try {
      warmup.run();
    } finally {
      stop.set(true);
      caller.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    double bound = limits.median(Limits.UNARY_P50) + limits.median(Limits.SQLITE_ONE_ROW_IDLE_P50);
    double p50 = m.get("call.p50").median();
    return List.of(
        Figure.of("client call p50 (add and get)", "ms", m.get("call.p50"))
            .ratio(bound, "gRPC p50 + 1-row FULL commit p50 after 1 ms idle")
            .atMost(5 * bound, String.format("<= %.2f ms (5 x the bound)", 5 * bound)),
        Figure.of("client call p99 (add and get)", "ms", m.get("call.p99"))
            .ratio(p50, "client call p50"),
        Figure.of("  add(1) p50", "ms", m.get("add.p50")),
        Figure.of("  get() p50", "ms", m.get("get.p50")),
        Figure.of("  get() p99", "ms", m.get("get.p99")));
  }
}
