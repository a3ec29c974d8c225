package io.durableentities.benchmarks.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Scenario (d): orchestrations of five sequential activities (HelloCities5), or of five sequential
 * entity calls, 500 in flight. Work items are orchestrator work items plus activity executions (or
 * entity operations), counted where they run.
 */
final class OrchestrationScenario implements Scenario {

  private final boolean entityCalls;

  private OrchestrationScenario(boolean entityCalls) {
    this.entityCalls = entityCalls;
  }

  /** (d) with activities. */
  static OrchestrationScenario activities() {
    return new OrchestrationScenario(false);
  }

  /** (d) with entity calls. */
  static OrchestrationScenario entityCalls() {
    return new OrchestrationScenario(true);
  }

  @Override
  public String id() {
    return entityCalls ? "d-entities" : "d";
  }

  @Override
  public String title() {
    return entityCalls
        ? "(d) orchestrations of 5 sequential entity calls"
        : "(d) orchestrations of 5 sequential activities";
  }

  @Override
  public String setup() {
    return "500 (--orchestrations) orchestrations in flight (a new one starts when one finishes; 4 starter threads),"
        + (entityCalls
            ? " each calling `add(1)` on 5 of 1,000 counters in turn through a typed proxy"
            : " each calling an echo activity 5 times in turn")
        + "; worker with default concurrency. Per-call latency: from the orchestrator work item"
        + " that issued the call to the one resumed with its result.";
  }

  @Override
  public String limitedBy() {
    return "Per call: one orchestrator commit, a dispatch of the "
        + (entityCalls ? "entity" : "activity")
        + " work item, its completion commit, and a dispatch of the next orchestrator work item"
        + " that replays the history so far; group commit amortizes the fsyncs across the 500"
        + " instances, so the CPU of scheduler and worker on the same cores decides.";
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    RunnerOptions o = context.options();
    EntityProbes.reset();
    try (ProductHarness product =
        ProductHarness.start(context.newDir("orch-" + id() + "-"), context.openTelemetry())) {
      String name = entityCalls ? BenchOrchestrations.ENTITIES5 : BenchOrchestrations.CITIES5;
      LongSupplier steps = entityCalls ? EntityProbes::counterOps : OrchestrationProbes::activities;
      OrchestrationLoad.Result run =
          OrchestrationLoad.measure(
              product.orchestrations(),
              name,
              o.orchestrations(),
              n -> entityCalls ? n : "go",
              o,
              () -> OrchestrationProbes.episodes() + steps.getAsLong(),
              OrchestrationProbes::finishedCount,
              steps,
              ProcessCpu::nanos);
      SteadyState.Window window = run.window();
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("workItems", window.rate(0));
      m.put("orchestrations", window.rate(1));
      m.put("calls", window.rate(2));
      m.put("cpu", ProcessCpu.microsPerOp(window, 3, 0));
      m.put("inFlight", (double) run.inFlightAtEnd());
      m.put("call.p50", OrchestrationProbes.steps().percentileMillis(50));
      m.put("call.p99", OrchestrationProbes.steps().percentileMillis(99));
      m.put("drain", run.drainSeconds());
      m.put("total", (double) OrchestrationProbes.finishedCount());
      m.put("concurrency", (double) o.orchestrations());
      return m;
    }
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    double bidi = limits.median(Limits.BIDI_MESSAGES);
    double callBound =
        2 * (limits.median(Limits.BIDI_P50) + limits.median(Limits.SQLITE_BATCH_P50));
    String what = entityCalls ? "entity calls/s" : "activities/s";
    return List.of(
        Figure.of(
                "work items/s (orchestrator + " + (entityCalls ? "entity ops" : "activities") + ")",
                "/s",
                m.get("workItems"))
            .ratio(bidi, "bidi echo msgs/s")
            .atLeast(2800, ">= 2,800/s"),
        Figure.of("orchestrations completed/s", "/s", m.get("orchestrations")),
        Figure.of(what, "/s", m.get("calls")),
        Figure.of("  process CPU per work item (everything in the JVM)", "us", m.get("cpu")),
        Figure.of("per-call p50", "ms", m.get("call.p50"))
            .ratio(callBound, "2 x (bidi ping-pong p50 + 100-row commit p50)"),
        Figure.of("per-call p99", "ms", m.get("call.p99")),
        Figure.of("in flight at the end of the window", "", m.get("inFlight")),
        Figure.of("time to finish those after the starts stopped", "s", m.get("drain")),
        Figure.of("orchestrations in flight (load)", "", m.get("concurrency")),
        Figure.of("orchestrations completed in total", "", m.get("total")));
  }
}
