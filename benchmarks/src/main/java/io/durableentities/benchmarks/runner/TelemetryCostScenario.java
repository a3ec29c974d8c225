package io.durableentities.benchmarks.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an OpenTelemetry SDK sampling everything costs per signal (scenario a) or per work item
 * (scenario d): each repetition runs the scenario twice, once without an SDK (the API's no-op, the
 * default) and once with {@link CountingOpenTelemetry} given to the scheduler, the worker and the
 * client, in alternating order, and reports the throughput and process CPU per operation of both
 * and their difference. Pairing the two in one repetition keeps a shared machine's drift out of the
 * difference as far as it can.
 */
final class TelemetryCostScenario implements Scenario {

  private final Scenario base;
  private final String rateKey;
  private final String what;
  private final String totalWhat;
  private int repetition;

  private TelemetryCostScenario(Scenario base, String rateKey, String what, String totalWhat) {
    this.base = base;
    this.rateKey = rateKey;
    this.what = what;
    this.totalWhat = totalWhat;
  }

  /** (a) with and without an SDK: cost per applied signal. */
  static TelemetryCostScenario signals() {
    return new TelemetryCostScenario(
        SignalThroughputScenario.manyEntities(), "applied", "applied signal", "applied signal");
  }

  /** (d) with and without an SDK: cost per work item. */
  static TelemetryCostScenario orchestrations() {
    return new TelemetryCostScenario(
        OrchestrationScenario.activities(), "workItems", "work item", "orchestration");
  }

  @Override
  public String id() {
    return base.id() + "-otel";
  }

  @Override
  public String title() {
    return base.title() + ": without and with an OpenTelemetry SDK sampling everything";
  }

  @Override
  public String setup() {
    return "Each repetition runs "
        + base.id()
        + " twice, in alternating order: without an SDK (OpenTelemetry.noop(), what the product"
        + " uses when none is registered) and with an SDK (always-on sampler, batch span processor,"
        + " periodic metric reader every 5 s, exporters that only count) given to the scheduler,"
        + " the worker and the client. "
        + base.setup();
  }

  @Override
  public String limitedBy() {
    return base.limitedBy()
        + " With the SDK, each traced request also builds, batches and hands over its spans on the"
        + " same cores.";
  }

  /** Twice as long as its scenario: run when named ({@code --only a-otel,d-otel}). */
  @Override
  public boolean runByDefault() {
    return false;
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    boolean sdkFirst = repetition++ % 2 == 1;
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < 2; i++) {
      boolean sdk = (i == 0) == sdkFirst;
      if (sdk) {
        try (CountingOpenTelemetry otel = new CountingOpenTelemetry()) {
          Map<String, Double> on = base.runOnce(context.withOpenTelemetry(otel.openTelemetry()));
          otel.flush();
          on.forEach((k, v) -> m.put("on." + k, v));
          m.put("spansPerOp", otel.spans() / on.get("total"));
        }
      } else {
        base.runOnce(context).forEach((k, v) -> m.put("off." + k, v));
      }
    }
    m.put("cpuDelta", m.get("on.cpu") - m.get("off.cpu"));
    m.put("cpuRatio", m.get("on.cpu") / m.get("off.cpu"));
    m.put("rateRatio", m.get("on." + rateKey) / m.get("off." + rateKey));
    return m;
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    List<Figure> figures = new ArrayList<>();
    figures.add(Figure.of(what + "s/s without an SDK", "/s", m.get("off." + rateKey)));
    figures.add(Figure.of(what + "s/s with the SDK", "/s", m.get("on." + rateKey)));
    figures.add(
        Figure.of("  with / without (throughput, same repetition)", "ratio", m.get("rateRatio")));
    figures.add(Figure.of("process CPU per " + what + " without an SDK", "us", m.get("off.cpu")));
    figures.add(Figure.of("process CPU per " + what + " with the SDK", "us", m.get("on.cpu")));
    figures.add(
        Figure.of(
            "  CPU the SDK adds per " + what + " (with - without, same repetition)",
            "us",
            m.get("cpuDelta")));
    figures.add(Figure.of("  with / without (CPU per " + what + ")", "ratio", m.get("cpuRatio")));
    figures.add(
        Figure.of(
            "spans exported per " + totalWhat + " (whole run with the SDK, drain included)",
            "",
            m.get("spansPerOp")));
    return figures;
  }
}
