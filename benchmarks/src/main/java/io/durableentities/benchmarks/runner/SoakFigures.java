package io.durableentities.benchmarks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The soak's figures and targets (issue #18 item 6), from what {@link SoakScenario} measured. */
final class SoakFigures {

  /** Growth of the heap after GC over the second half that still counts as a slope of about 0. */
  static final double FLAT_HEAP_SHARE = 0.05;

  /** Growth of the database over the last rate window that still counts as stopped. */
  static final double STOPPED_DB_SHARE = 0.02;

  private SoakFigures() {}

  static List<Figure> of(Map<String, Stats> m) {
    double bound = m.get("heapBound").median();
    double slope = m.get("heapSlope").median();
    double halfMinutes = m.get("secondHalfMinutes").median();
    double scan = m.get("entityScan").median();
    List<Figure> f = new ArrayList<>();
    f.add(
        Figure.of("heap after GC, highest sample", "MiB", m.get("heapMax"))
            .ratio(bound, "the heap bound (-Xmx)")
            .atMost(bound, String.format("< %.0f MiB in every sample", bound)));
    f.add(Figure.of("  highest sample in the second half", "MiB", m.get("heapMaxSecondHalf")));
    f.add(
        Figure.of("heap after GC, slope over the second half", "MiB/min", m.get("heapSlope"))
            .ratio(bound / halfMinutes, "the bound per minute of the second half")
            .atMost(
                FLAT_HEAP_SHARE * bound / halfMinutes,
                String.format(
                    "~0: growth over the second half <= %.0f%% of the bound",
                    FLAT_HEAP_SHARE * 100)));
    f.add(Figure.of("RSS, highest sample", "MiB", m.get("rssMax")));
    f.add(Figure.of("resident entities, highest sample", "", m.get("residentMax")));
    f.add(
        Figure.of("resident entities after the drain (all idle)", "", m.get("residentAtEnd"))
            .ratio(m.get("maxResident").median(), "--max-resident-entities")
            .atMost(m.get("maxResident").median(), "<= --max-resident-entities"));
    f.add(
        Figure.of(
                "signals applied/s, last window (" + minutes(m) + " min)",
                "/s",
                m.get("lastWindowRate"))
            .ratio(m.get("firstWindowRate").median(), "the first window after the warm-up")
            .atLeast(0.9 * m.get("firstWindowRate").median(), ">= 90% of the first window"));
    f.add(Figure.of("  the first window after the warm-up", "/s", m.get("firstWindowRate")));
    f.add(
        Figure.of("  steady target rate (fraction of the fill's rate)", "/s", m.get("targetRate")));
    f.add(
        Figure.of(
            "  fill rate (64 closed-loop senders: applied over the last third of the sending)",
            "/s",
            m.get("fillRate")));
    f.add(
        Figure.of("database growth over the last window", "MiB", m.get("dbGrowthLastWindow"))
            .ratio(m.get("dbAtEnd").median(), "the database's size")
            .atMost(
                STOPPED_DB_SHARE * m.get("dbAtEnd").median(),
                String.format("stopped: <= %.0f%% of its size", STOPPED_DB_SHARE * 100)));
    f.add(Figure.of("  database size at the end", "MiB", m.get("dbAtEnd")));
    f.add(
        Figure.of("restart: start to first served operation", "ms", m.get("restartFirstServed"))
            .ratio(scan, "SELECT count(*) FROM entities")
            .atMost(2 * scan, "<= 2x the count"));
    f.add(Figure.of("  start returned (listening)", "ms", m.get("restartListening")));
    f.add(Figure.of("  client connected", "ms", m.get("restartConnected")));
    f.add(Figure.of("  SELECT count(*) FROM entities", "ms", m.get("entityScan")));
    f.add(Figure.of("  entity rows", "", m.get("entityRows")));
    f.add(Figure.of("signals sent (fill and steady)", "", m.get("signalsSent")));
    Figure started = Figure.of("orchestrations started", "", m.get("orchestrationsStarted"));
    double least = m.get("orchestrationsAtLeast").median();
    f.add(
        least > 0
            ? started
                .ratio(least, "the orchestrations asked")
                .atLeast(least, String.format(">= %,.0f", least))
            : started);
    f.add(Figure.of("steady load", "s", m.get("steadySeconds")));
    f.add(Figure.of("samples", "", m.get("samples")));
    f.add(Figure.of("scheduler exit status after SIGTERM", "", m.get("exitStatus")));
    return f;
  }

  private static String minutes(Map<String, Stats> m) {
    return String.format("%.1f", m.get("rateWindowMinutes").median());
  }
}
