package io.durableentities.benchmarks.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scenarios (a) and (b): durable signals from 64 concurrent senders through typed client proxies,
 * to 1,000 counters or to one hot counter. Throughput counts operations the entities applied.
 */
final class SignalThroughputScenario implements Scenario {

  private static final int SENDERS = 64;

  private final String id;
  private final int entities;

  private SignalThroughputScenario(String id, int entities) {
    this.id = id;
    this.entities = entities;
  }

  /** (a): 1,000 counters. */
  static SignalThroughputScenario manyEntities() {
    return new SignalThroughputScenario("a", 1000);
  }

  /** (b): one hot counter. */
  static SignalThroughputScenario hotEntity() {
    return new SignalThroughputScenario("b", 1);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String title() {
    return entities == 1
        ? "(b) durable signals to one hot entity"
        : "(a) durable signals to " + String.format("%,d", entities) + " entities";
  }

  @Override
  public String setup() {
    return SENDERS
        + " sender threads, each `client.entities().signal(Counter.class, key).add(1)` (blocking"
        + " until the durable acknowledgement) in a loop, keys uniformly random over "
        + entities
        + " counter entit"
        + (entities == 1 ? "y" : "ies")
        + "; scheduler (FULL), worker and senders in one JVM.";
  }

  @Override
  public String limitedBy() {
    return "The scheduler's group commit (one FULL fsync per group of acknowledged signals, one per"
        + " group of completed batches), the CPU shared by 64 client calls, the scheduler and the"
        + " worker on the same cores"
        + (entities == 1
            ? "; one entity runs one batch at a time, so batch size per dispatch decides."
            : ".");
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    RunnerOptions o = context.options();
    double unaryBefore = entities > 1 ? pairedUnaryProbe(o) : Double.NaN;
    EntityProbes.reset();
    Map<String, Double> m = new LinkedHashMap<>();
    try (ProductHarness product =
        ProductHarness.start(context.newDir("signals-" + id + "-"), context.openTelemetry())) {
      Counter[] counters = new Counter[entities];
      for (int i = 0; i < entities; i++) {
        counters[i] = product.client().entities().signal(Counter.class, "c" + i);
      }
      SteadyState.Window window;
      ThreadCpu[] cpuAtStart = new ThreadCpu[1];
      ThreadCpu cpuAtEnd;
      long sent;
      try (Senders senders =
          Senders.start(
              SENDERS,
              "signal-" + id,
              (sender, n) -> {
                counters[ThreadLocalRandom.current().nextInt(entities)].add(1);
                return true;
              })) {
        window =
            SteadyState.measure(
                o.warmupPhase(),
                o.measure(),
                () -> cpuAtStart[0] = ThreadCpu.snapshot(),
                EntityProbes::counterOps,
                senders::sent,
                ProcessCpu::nanos);
        cpuAtEnd = ThreadCpu.snapshot();
        SteadyState.drain(senders::sent, 1, Duration.ofMinutes(2), "acknowledged signals");
        senders.stopAndJoin();
        sent = senders.sent();
      }
      double drain =
          SteadyState.drain(EntityProbes::counterOps, sent, Duration.ofMinutes(2), "signals");
      m.put("applied", window.rate(0));
      m.put("cpu", ProcessCpu.microsPerOp(window, 2, 0));
      cpuAtEnd
          .microsPerOpSince(cpuAtStart[0], window.end()[0] - window.start()[0])
          .forEach((group, micros) -> m.put("cpu." + group, micros));
      m.put("acked", window.rate(1));
      m.put("jitWait", window.jitWait().toMillis() / 1000.0);
      m.put("backlog", (double) Math.max(0, window.atEnd(1) - window.atEnd(0)));
      m.put("drain", drain);
      m.put("total", (double) EntityProbes.counterOps());
    }
    if (entities > 1) {
      double paired = (unaryBefore + pairedUnaryProbe(o)) / 2;
      m.put("pairedUnary", paired);
      m.put("pairedRatio", m.get("applied") / paired);
    }
    return m;
  }

  /**
   * The async unary limit measured again next to a repetition (the probe's code is compiled by
   * then): on a shared machine whose speed drifts by up to 2× within minutes, the limit measured at
   * the start of the run can come from a faster or slower moment than the repetition.
   */
  private static double pairedUnaryProbe(RunnerOptions o) throws Exception {
    try (GrpcProbe grpc = new GrpcProbe()) {
      return grpc.unaryCallsPerSecond(
          new Warmup(Duration.ofSeconds(o.quick() ? 1 : 2), Duration.ZERO), o.measure());
    }
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    double unary = limits.median(Limits.UNARY_CALLS);
    Figure applied =
        Figure.of("signals applied/s (steady state)", "/s", m.get("applied"))
            .ratio(unary, "async unary gRPC calls/s");
    applied =
        entities == 1
            ? applied.atLeast(7000, ">= 7,000/s")
            : applied.atLeast(0.25 * unary, ">= 25% of unary gRPC (stretch 50%)");
    List<Figure> figures = new ArrayList<>();
    figures.add(applied);
    if (m.containsKey("pairedRatio")) {
      figures.add(
          Figure.of(
              "  the same, each repetition against async unary calls/s measured next to it"
                  + " (before and after it, mean)",
              "ratio",
              m.get("pairedRatio")));
      figures.add(
          Figure.of(
              "  async unary gRPC calls/s next to the repetitions", "/s", m.get("pairedUnary")));
    }
    figures.add(
        Figure.of("  the same, ratio to 64 blocking unary callers", "/s", m.get("applied"))
            .ratio(
                limits.median(Limits.BLOCKING_CALLS), "blocking unary gRPC calls/s (64 threads)"));
    figures.add(
        Figure.of("  process CPU per applied signal (everything in the JVM)", "us", m.get("cpu"))
            .ratio(
                limits.median(Limits.BLOCKING_CPU_MICROS), "process CPU per blocking unary call"));
    m.forEach(
        (key, stats) -> {
          if (key.startsWith("cpu.")) {
            figures.add(Figure.of("    of which " + key.substring(4), "us", stats));
          }
        });
    figures.add(
        Figure.of("signals acknowledged/s", "/s", m.get("acked"))
            .ratio(unary, "async unary gRPC calls/s"));
    figures.add(
        Figure.of("backlog at the end of the window (acked, not applied)", "", m.get("backlog")));
    figures.add(
        Figure.of("time to apply the backlog after the senders stopped", "s", m.get("drain")));
    figures.add(Figure.of("signals applied in total", "", m.get("total")));
    figures.add(
        Figure.of(
            "warm-up past its minimum, waiting for the JIT to settle", "s", m.get("jitWait")));
    return figures;
  }
}
