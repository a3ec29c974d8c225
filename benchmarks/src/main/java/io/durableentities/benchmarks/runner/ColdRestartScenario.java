package io.durableentities.benchmarks.runner;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scenario (f), restart: a data directory with many entities and history rows, built once through
 * the product; each repetition starts the scheduler on it and times the first served operation,
 * against {@code SELECT count(*)} over the history and entity tables.
 */
final class ColdRestartScenario implements Scenario {

  private static final int SENDERS = 64;
  private static final int TIMERS_PER_ORCHESTRATION = 200;
  private static final int ORCHESTRATIONS_IN_FLIGHT = 20;
  private static final List<String> SCANNED = List.of("history", "entities");
  static final String BUILT_MARKER = "restart-data-set.txt";

  private Path dataDir;
  private double buildSeconds;

  @Override
  public String id() {
    return "f-restart";
  }

  @Override
  public String title() {
    return "(f) cold restart with a large store";
  }

  @Override
  public String setup() {
    return "Built once through the product: N entities (one signal each, 64 senders) and at least"
        + " M history rows (orchestrations of "
        + TIMERS_PER_ORCHESTRATION
        + " durable timers due now). Each repetition: EmbeddedScheduler.start on the data"
        + " directory, connect a client, get one entity (first served operation); then worker"
        + " start to the first applied signal. Baseline: SELECT count(*) over the history and"
        + " entities tables in a new connection after the scheduler closed. Page cache warm (the"
        + " runner does not drop caches).";
  }

  @Override
  public String limitedBy() {
    return "What the scheduler reads at start: the queues, timers and orchestration state it keeps"
        + " in memory; a start that reads whole tables costs at least one scan of them.";
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    if (dataDir == null) {
      dataDir = prepare(context);
    }
    Path db = databaseFile(dataDir);
    Map<String, Double> m = new LinkedHashMap<>();
    EntityProbes.reset();
    long start = System.nanoTime();
    try (EmbeddedScheduler scheduler =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().dataDir(dataDir).build());
        DurableClient client = DurableClient.connect(scheduler.connectionString())) {
      if (client.entities().get(EntityInstanceId.of("counter", "r0")).isEmpty()) {
        throw new IllegalStateException("entity @counter@r0 is missing after the restart");
      }
      m.put("firstServed", (System.nanoTime() - start) / 1e6);
      try (DurableWorker worker = ProductHarness.startWorker(scheduler)) {
        long sent = System.nanoTime();
        client.entities().signal(Counter.class, "r0").stamp(sent);
        EntityProbes.awaitStamp(sent, 60_000);
        m.put("firstApplied", (System.nanoTime() - start) / 1e6);
      }
    }
    long scanStart = System.nanoTime();
    long[] rows = SqliteProbe.countRows(db, SCANNED);
    m.put("scan", (System.nanoTime() - scanStart) / 1e6);
    m.put("historyRows", (double) rows[0]);
    m.put("entityRows", (double) rows[1]);
    m.put("build", buildSeconds);
    return m;
  }

  /**
   * The data directory: a new one in the run's scratch folder, or the one of {@code
   * --restart-data}, built there only when it has no complete data set yet (a marker file written
   * after a finished build tells; a database without it is a build that was interrupted).
   */
  private Path prepare(RunContext context) throws Exception {
    Path kept = context.options().restartData();
    Path dir = kept == null ? context.newDir("restart-") : kept;
    if (kept != null && Files.exists(kept.resolve(BUILT_MARKER))) {
      context.log(
          "reusing the restart data set in %s (%s)",
          kept, Files.readString(kept.resolve(BUILT_MARKER)).strip());
      buildSeconds = Double.NaN;
      return dir;
    }
    if (kept != null) {
      Files.createDirectories(kept);
      try (Stream<Path> files = Files.list(kept)) {
        if (files.findAny().isPresent()) {
          throw new IllegalStateException(
              "--restart-data "
                  + kept
                  + " holds files but no finished data set (no "
                  + BUILT_MARKER
                  + "); delete the folder to build it again");
        }
      }
    }
    long start = System.nanoTime();
    build(context, dir);
    buildSeconds = (System.nanoTime() - start) / 1e9;
    if (kept != null) {
      Files.writeString(
          kept.resolve(BUILT_MARKER),
          String.format(
              "entities=%d historyRows=%d%n",
              context.options().restartEntities(), context.options().restartHistoryRows()));
    }
    return dir;
  }

  /** Builds the restart data set into an empty directory through the product. */
  static void build(RunContext context, Path dir) throws Exception {
    int entities = context.options().restartEntities();
    int historyRows = context.options().restartHistoryRows();
    context.log(
        "building the restart data set: %,d entities, %,d history rows", entities, historyRows);
    EntityProbes.reset();
    try (ProductHarness product = ProductHarness.start(dir)) {
      Senders senders =
          Senders.start(
              SENDERS,
              "restart-entities",
              (sender, n) -> {
                long key = sender + n * SENDERS;
                if (key >= entities) {
                  return false;
                }
                product.client().entities().signal(Counter.class, "r" + key).add(1);
                return true;
              });
      senders.join();
      SteadyState.drain(EntityProbes::counterOps, entities, Duration.ofMinutes(30), "signals");
      Path db = databaseFile(dir);
      long started;
      try (OrchestrationLoad load =
          OrchestrationLoad.start(
              product.orchestrations(),
              BenchOrchestrations.TIMER_FAN_OUT,
              Math.min(ORCHESTRATIONS_IN_FLIGHT, 1 + historyRows / 1000),
              n -> TIMERS_PER_ORCHESTRATION)) {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long rows;
        while ((rows = countHistory(db)) < historyRows) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "only " + rows + " history rows after 30 minutes of building");
          }
          Thread.sleep(500);
        }
        started = load.stop();
      }
      SteadyState.drain(
          OrchestrationProbes::finishedCount, started, Duration.ofMinutes(5), "orchestrations");
    }
  }

  private static long countHistory(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM history")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** The one {@code *.db} file of a data directory. */
  static Path databaseFile(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".db")).forEach(found::add);
    }
    if (found.size() != 1) {
      throw new IllegalStateException("expected one *.db file in " + dir + ", found " + found);
    }
    return found.get(0);
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    double scan = m.get("scan").median();
    return List.of(
        Figure.of("start to first served operation (entity get)", "ms", m.get("firstServed"))
            .ratio(scan, "SELECT count(*) scan of history + entities")
            .atMost(2 * scan, "<= 2x the scan"),
        Figure.of("start to first applied signal (worker connected)", "ms", m.get("firstApplied")),
        Figure.of("SELECT count(*) scan of history + entities (limit)", "ms", m.get("scan")),
        Figure.of("history rows", "", m.get("historyRows")),
        Figure.of("entity rows", "", m.get("entityRows")),
        Figure.of("time to build the data set (once; NaN when reused)", "s", m.get("build")));
  }
}
