package io.durableentities.benchmarks.runner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario (f), writes: bytes written to storage per durable signal ({@code /proc/self/io
 * write_bytes} of this process, WAL and checkpoints included), against SQLite appending the same
 * logical rows in batches of 100 in the same run.
 */
final class WriteAmplificationScenario implements Scenario {

  private static final int SENDERS = 64;
  private static final int ENTITIES = 1000;

  @Override
  public String id() {
    return "f-write";
  }

  @Override
  public String title() {
    return "(f) disk bytes written per durable signal";
  }

  @Override
  public String setup() {
    return "N signals (`add(1)`, 64 senders, 1,000 counters) sent, applied, then the scheduler"
        + " closed (checkpoint); bytes from /proc/self/io write_bytes between the first send and"
        + " the close. Baseline: SQLite (WAL, FULL) appending per signal one message row (entity,"
        + " request id, 100-byte event) and one state row, 100 rows per transaction, then closed.";
  }

  @Override
  public String limitedBy() {
    return "Pages per commit: each group commit rewrites the B-tree pages it touches (message"
        + " table and its index, dedup table, entity states) into the WAL, and the checkpoint"
        + " writes them again into the database file; smaller groups mean more page writes per"
        + " signal.";
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    int signals = context.options().writeSignals();
    if (DiskIo.writeBytes() < 0) {
      throw new IllegalStateException("/proc/self/io write_bytes is not available here");
    }
    EntityProbes.reset();
    long before;
    ProductHarness product = ProductHarness.start(context.newDir("writes-"));
    try {
      Counter[] counters = new Counter[ENTITIES];
      for (int i = 0; i < ENTITIES; i++) {
        counters[i] = product.client().entities().signal(Counter.class, "c" + i);
      }
      int perSender = signals / SENDERS;
      before = DiskIo.writeBytes();
      Senders senders =
          Senders.start(
              SENDERS,
              "write",
              (sender, n) -> {
                if (n >= perSender + (sender < signals % SENDERS ? 1 : 0)) {
                  return false;
                }
                counters[(int) ((sender * 7919L + n) % ENTITIES)].add(1);
                return true;
              });
      senders.join();
      SteadyState.drain(EntityProbes::counterOps, signals, Duration.ofMinutes(5), "signals");
    } finally {
      product.close();
    }
    long after = DiskIo.writeBytes();
    double perSignal = (after - before) / (double) signals;
    double baseline = SqliteProbe.batchAppendBytesPerSignal(context.newDir("baseline-"), signals);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("product", perSignal);
    m.put("baseline", baseline);
    m.put("signals", (double) EntityProbes.counterOps());
    return m;
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    double baseline = m.get("baseline").median();
    return List.of(
        Figure.of("bytes written per durable signal", "B", m.get("product"))
            .ratio(baseline, "SQLite batch append of the same rows")
            .atMost(2 * baseline, "<= 2x the batch append"),
        Figure.of("SQLite batch append, bytes per signal (limit)", "B", m.get("baseline")),
        Figure.of("signals applied", "", m.get("signals")));
  }
}
