package io.durableentities.benchmarks.runner;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Scenario (c-purge), issue #18 item 4: scenario (c)'s sequential signal latency while retention
 * purges the finished orchestrations of the restart data set (at least {@code --restart-history}
 * history rows), against the same loop on the same scheduler once the purge is done.
 */
final class PurgeLatencyScenario implements Scenario {

  private static final long APPLY_TIMEOUT_MILLIS = 30_000;
  private static final Duration MAX_PURGE = Duration.ofMinutes(30);
  private static final long POLL_MILLIS = 250;

  @Override
  public String id() {
    return "c-purge";
  }

  @Override
  public String title() {
    return "(c-purge) latency of one signal while retention purges history";
  }

  @Override
  public String setup() {
    return "The restart data set of (f) (finished orchestrations of 200 durable timers, at least"
        + " --restart-history rows; a copy when --restart-data keeps it). The (c) loop warms up on"
        + " a fresh scheduler first; then EmbeddedScheduler.start on the data set with"
        + " instanceRetention 0, so every finished instance is due at once, and the (c) loop runs"
        + " until a read connection sees no instance left (polled every 250 ms), then as many"
        + " signals again after the purge on the same scheduler.";
  }

  @Override
  public String limitedBy() {
    return "The writer: each maintenance run (every 50 ms) deletes up to 1,000 history rows as one"
        + " of its pieces of work, so a signal that arrives meanwhile waits for at most that.";
  }

  @Override
  public int repetitions(RunnerOptions options) {
    return 1;
  }

  @Override
  public boolean runByDefault() {
    return false;
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    Path dir = dataSet(context);
    Path db = ColdRestartScenario.databaseFile(dir);
    long[] before = SqliteProbe.countRows(db, List.of("history", "instances"));
    context.log("c-purge: %,d history rows of %,d instances to purge", before[0], before[1]);
    try (ProductHarness warm = ProductHarness.start(context.newDir("purge-warm-"))) {
      SignalLatencyScenario.warmUp(
          warm.client().entities().signal(Counter.class, "lat"), context.options().warmupPhase());
    }
    EntityProbes.reset();
    LatencyRecorder during = new LatencyRecorder();
    LatencyRecorder after = new LatencyRecorder();
    AtomicBoolean purging = new AtomicBoolean(true);
    AtomicReference<Exception> pollFailure = new AtomicReference<>();
    long start = System.nanoTime();
    double purgeSeconds;
    try (EmbeddedScheduler scheduler =
            EmbeddedScheduler.start(
                SchedulerOptions.newBuilder()
                    .dataDir(dir)
                    .instanceRetention(Duration.ZERO)
                    .build());
        DurableWorker worker = ProductHarness.startWorker(scheduler);
        DurableClient client = DurableClient.connect(scheduler.connectionString())) {
      Thread poller = new Thread(() -> poll(db, purging, pollFailure), "purge-poller");
      poller.setDaemon(true);
      poller.start();
      Counter counter = client.entities().signal(Counter.class, "lat");
      long deadline = start + MAX_PURGE.toNanos();
      while (purging.get()) {
        if (System.nanoTime() > deadline || pollFailure.get() != null) {
          throw new IllegalStateException(
              "the purge did not finish within " + MAX_PURGE, pollFailure.get());
        }
        during.record(oneSignal(counter));
      }
      purgeSeconds = (System.nanoTime() - start) / 1e9;
      poller.join();
      for (int i = 0; i < Math.max(during.count(), 200); i++) {
        after.record(oneSignal(counter));
      }
    }
    long[] left = SqliteProbe.countRows(db, List.of("history", "instances"));
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("historyRows", (double) before[0]);
    m.put("instances", (double) before[1]);
    m.put("historyLeft", (double) left[0]);
    m.put("purgeSeconds", purgeSeconds);
    m.put("during.count", (double) during.count());
    m.put("during.p50", during.percentileMillis(50));
    m.put("during.p99", during.percentileMillis(99));
    m.put("during.max", during.percentileMillis(100));
    m.put("after.p50", after.percentileMillis(50));
    m.put("after.p99", after.percentileMillis(99));
    return m;
  }

  /** Sends one stamp, waits until it is applied, and returns the acknowledgement's latency. */
  private static long oneSignal(Counter counter) throws InterruptedException {
    long sent = System.nanoTime();
    counter.stamp(sent);
    long acked = System.nanoTime();
    EntityProbes.awaitStamp(sent, APPLY_TIMEOUT_MILLIS);
    return acked - sent;
  }

  /** Clears {@code purging} once a read connection sees no orchestration instance left. */
  private static void poll(Path db, AtomicBoolean purging, AtomicReference<Exception> failure) {
    try {
      while (SqliteProbe.countRows(db, List.of("instances"))[0] > 0) {
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure.set(e);
    } finally {
      purging.set(false);
    }
  }

  /** The restart data set in a directory of its own: a copy of a kept one, or built anew. */
  private static Path dataSet(RunContext context) throws Exception {
    Path dir = context.newDir("purge-");
    Path kept = context.options().restartData();
    if (kept != null && Files.exists(kept.resolve(ColdRestartScenario.BUILT_MARKER))) {
      context.log("c-purge: copying the restart data set of %s", kept);
      try (Stream<Path> files = Files.list(kept)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (f.getFileName().toString().startsWith("scheduler.db")) {
            Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } else {
      ColdRestartScenario.build(context, dir);
    }
    return dir;
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    double afterP99 = m.get("after.p99").median();
    return List.of(
        Figure.of("acknowledgement p99 while purging", "ms", m.get("during.p99"))
            .ratio(afterP99, "the p99 after the purge, same scheduler"),
        Figure.of("  p50 while purging", "ms", m.get("during.p50")),
        Figure.of("  slowest while purging", "ms", m.get("during.max")),
        Figure.of("  signals while purging", "", m.get("during.count")),
        Figure.of("acknowledgement p99 after the purge", "ms", m.get("after.p99")),
        Figure.of("  p50 after the purge", "ms", m.get("after.p50")),
        Figure.of("history rows purged (before)", "", m.get("historyRows")),
        Figure.of("  instances purged", "", m.get("instances")),
        Figure.of("  history rows left", "", m.get("historyLeft")),
        Figure.of("purge time (scheduler start to no instance left)", "s", m.get("purgeSeconds")));
  }
}
