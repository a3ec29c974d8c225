package io.durableentities.benchmarks.runner;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Scenario (g), the soak of issue #18: the scheduler as its own process with a fixed heap; signals
 * to many distinct entities, one each; then a steady load (a fraction of the fill's rate) over a
 * rolling working set and orchestrations at a steady rate with a short retention. The series (every
 * sample interval) goes to {@code soak-g.csv}, {@code soak-g.json} and the chart {@code soak-g.png}
 * next to the results; then the scheduler restarts on the final data directory.
 */
final class SoakScenario implements Scenario {

  private static final int SENDERS = 64;
  private static final int STARTERS = 8;
  private static final String KEY_PREFIX = "g";
  private static final String INPUT = "x".repeat(200);

  /**
   * How long a drain may go without one more signal applied or orchestration finished before the
   * soak gives up. A drain has no fixed length: the full-size fill leaves a backlog of about
   * 7,000,000 signals that takes 17 minutes to apply at 7,000/s (a 15-minute limit on the whole
   * drain failed a 45-minute run just before the end).
   */
  private static final Duration DRAIN_STALL = Duration.ofMinutes(2);

  @Override
  public String id() {
    return "g";
  }

  @Override
  public String title() {
    return "(g) soak: memory bounded by the working set and retention";
  }

  @Override
  public String setup() {
    return "The scheduler in its own JVM (SchedulerMain, the jar's main class; -Xmx = the heap"
        + " bound; --max-resident-entities, --instance-retention, --dedup-window,"
        + " --clean-entity-storage-interval from the soak options). Fill: 64 senders signal add(1)"
        + " once to each of N distinct counters (closed loop; its rate after the warm-up stands"
        + " in for (a)'s). Steady: 64 senders paced at the rate fraction of the fill's rate, keys"
        + " uniform over a working set that moves on by its own size every "
        + SoakOptions.WORKING_SET_TURNOVER.toMinutes()
        + " minutes; 8 starters paced at the orchestration rate start a no-op orchestration with"
        + " a 200-byte input. Sampled: heap after the last GC (JMX over the attach API), VmRSS,"
        + " resident entities (GET /api/memory), the data directory's size. Then the process is"
        + " stopped (SIGTERM) and an in-process EmbeddedScheduler starts on the data directory"
        + " and serves one entity get, against SELECT count(*) FROM entities.";
  }

  @Override
  public String limitedBy() {
    return "Memory: the idle entities kept (maxResidentEntities), the dedup window (about 15 B per"
        + " request id), finished orchestrations until retention purges them. Rate: the"
        + " scheduler reads an evicted entity's row from SQLite for each signal to it.";
  }

  @Override
  public int repetitions(RunnerOptions options) {
    return 1;
  }

  @Override
  public boolean runByDefault() {
    return false;
  }

  /** The scheduler's memory and retention options for the soak. */
  static List<String> schedulerArgs(SoakOptions o) {
    return List.of(
        "--max-resident-entities",
        Integer.toString(o.maxResidentEntities()),
        "--instance-retention",
        o.retention().toSeconds() + "s",
        "--dedup-window",
        o.dedupWindow().toSeconds() + "s",
        "--clean-entity-storage-interval",
        o.cleanInterval().toSeconds() + "s");
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    SoakOptions o = context.options().soak();
    Path out = context.options().out();
    Path dataDir = context.newDir("soak-");
    SoakSeries series = new SoakSeries(out.resolve("soak-g.csv"));
    EntityProbes.reset();
    OrchestrationProbes.reset(0);
    Map<String, Double> m = new LinkedHashMap<>();
    long start = System.nanoTime();
    double steadyFrom;
    double steadyTo;
    try (SchedulerProcess scheduler =
            SchedulerProcess.start(
                o.heapMib(), dataDir, out.resolve("soak-g-scheduler.log"), schedulerArgs(o));
        RemoteHeap heap = RemoteHeap.attach(scheduler.pid());
        SoakSampler sampler = new SoakSampler(scheduler, heap, series, start)) {
      sampler.start(o.sampleInterval().toMillis());
      try (DurableWorker worker = ProductHarness.startWorker(scheduler.connectionString());
          DurableClient client = DurableClient.connect(scheduler.connectionString())) {
        double fillRate = fill(context, o, client, sampler, series);
        m.put("fillRate", fillRate);
        sampler.phase(SoakSeries.Phase.STEADY);
        steadyFrom = sampler.seconds();
        long[] sent = steady(context, o, fillRate * o.rateFraction(), client, sampler);
        steadyTo = sampler.seconds();
        sampler.phase(SoakSeries.Phase.DRAIN);
        m.put("targetRate", fillRate * o.rateFraction());
        m.put("orchestrationsAtLeast", (double) o.orchestrations());
        m.put("signalsSent", (double) o.entities() + sent[0]);
        m.put("orchestrationsStarted", (double) sent[1]);
        drain(
            EntityProbes::counterOps,
            o.entities() + sent[0],
            "the signals sent to be applied",
            sampler);
        drain(
            OrchestrationProbes::finishedCount,
            sent[1],
            "the orchestrations started to finish",
            sampler);
      }
      sampler.sampleNow();
      sampler.close();
      sampler.check();
      heap.close();
      m.put("exitStatus", (double) scheduler.stop());
    }
    context.log("soak: restarting on the final data directory");
    restart(o, dataDir, m);
    summarize(o, series, steadyFrom, steadyTo, m);
    series.writeJson(out.resolve("soak-g.json"), settings(o, m));
    SoakChart.write(
        series.samples(),
        o.heapMib(),
        steadyFrom,
        steadyTo,
        String.format(
            "Soak (g): %,d entities, working set %,d, %.0f signals/s target, %.0f orchestrations/s,"
                + " -Xmx%dm",
            o.entities(), o.workingSet(), m.get("targetRate"), o.orchestrationRate(), o.heapMib()),
        out.resolve("soak-g.png"));
    return m;
  }

  /**
   * Signals each entity once from 64 closed-loop senders; returns the applied rate over the last
   * third of the sending (the scheduler process's JIT warm by then), or over the whole fill when
   * the series has too few samples for that. The drain after the senders stop is left out: the
   * scheduler then only applies a backlog it no longer has to accept, at a rate it cannot keep up
   * while signals arrive (measured in the full-size soak: 7,025/s over a last third that included
   * the drain, against about 2,800/s while the senders ran), and a steady load derived from it
   * overloaded the scheduler from the start.
   */
  private static double fill(
      RunContext context,
      SoakOptions o,
      DurableClient client,
      SoakSampler sampler,
      SoakSeries series)
      throws Exception {
    context.log("soak: signalling %,d distinct entities", o.entities());
    double from = sampler.seconds();
    double sent;
    try (Senders senders =
        Senders.start(
            SENDERS,
            "soak-fill",
            (sender, n) -> {
              long key = sender + n * SENDERS;
              if (key >= o.entities()) {
                return false;
              }
              client.entities().signal(Counter.class, KEY_PREFIX + key).add(1);
              return true;
            })) {
      await(senders::finished, Duration.ofHours(24), "the fill", sampler);
      senders.join();
      sent = sampler.seconds();
      drain(EntityProbes::counterOps, o.entities(), "the fill's signals to be applied", sampler);
    }
    double to = sampler.seconds();
    double rate = series.appliedRate(sent - (sent - from) / 3, sent);
    if (!(rate > 0)) {
      rate = o.entities() / (to - from);
    }
    context.log(
        "soak: fill done in %.0f s (sending %.0f s), %.0f signals/s applied over the last third of"
            + " the sending",
        to - from, sent - from, rate);
    return rate;
  }

  /**
   * Runs the steady load for the soak's duration, and on until it started the soak's orchestrations
   * (at most {@link SoakOptions#longestSteadyLoad()}); returns the signals and orchestrations sent.
   */
  private static long[] steady(
      RunContext context, SoakOptions o, double rate, DurableClient client, SoakSampler sampler)
      throws Exception {
    context.log(
        "soak: steady load for %s: %.0f signals/s over %,d entities, %.0f orchestrations/s",
        o.duration(), rate, o.workingSet(), o.orchestrationRate());
    OrchestrationClient orchestrations = OrchestrationClient.of(client);
    Pacer signals = new Pacer(rate);
    Pacer starts = o.orchestrationRate() > 0 ? new Pacer(o.orchestrationRate()) : null;
    AtomicLong started = new AtomicLong();
    long t0 = System.nanoTime();
    long turnover = SoakOptions.WORKING_SET_TURNOVER.toNanos();
    long end = t0 + o.duration().toNanos();
    Senders senders =
        Senders.start(
            SENDERS,
            "soak-steady",
            (sender, n) -> {
              signals.await();
              long offset = (long) ((double) (System.nanoTime() - t0) / turnover * o.workingSet());
              long key =
                  (offset + ThreadLocalRandom.current().nextInt(o.workingSet())) % o.entities();
              client.entities().signal(Counter.class, KEY_PREFIX + key).add(1);
              return true;
            });
    Senders starters =
        Senders.start(
            starts == null ? 0 : STARTERS,
            "soak-orchestrations",
            (sender, n) -> {
              starts.await();
              orchestrations.scheduleNew(BenchOrchestrations.NOOP, INPUT);
              started.incrementAndGet();
              return true;
            });
    long longest = t0 + o.longestSteadyLoad().toNanos();
    try {
      await(
          () ->
              System.nanoTime() >= end && started.get() >= o.orchestrations()
                  || System.nanoTime() >= longest
                  || senders.finished()
                  || starters.finished() && starts != null,
          o.longestSteadyLoad().plusMinutes(1),
          "the steady load",
          sampler);
      if (started.get() < o.orchestrations()) {
        context.log(
            "soak: the steady load stopped after %s with %,d of %,d orchestrations started",
            o.longestSteadyLoad(), started.get(), o.orchestrations());
      } else if (System.nanoTime() - t0 > o.duration().toNanos() + 1_000_000_000L) {
        context.log(
            "soak: the steady load ran %.0f s past its duration to start %,d orchestrations",
            (System.nanoTime() - end) / 1e9, o.orchestrations());
      }
    } finally {
      senders.stopAndJoin();
      starters.stopAndJoin();
    }
    return new long[] {senders.sent(), started.get()};
  }

  /**
   * Starts the scheduler in this process on the soak's data directory and times its first served
   * operation, against {@code SELECT count(*) FROM entities} once it closed.
   */
  private static void restart(SoakOptions o, Path dataDir, Map<String, Double> m) throws Exception {
    // This JVM has not run a scheduler yet: load its classes first, so that the timing is the
    // start's work on the data directory, as in (f).
    try (EmbeddedScheduler warm =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
        DurableClient client = DurableClient.connect(warm.connectionString())) {
      client.entities().get(EntityInstanceId.of("counter", KEY_PREFIX + 0));
    }
    long start = System.nanoTime();
    try (EmbeddedScheduler scheduler =
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder()
                .dataDir(dataDir)
                .maxResidentEntities(o.maxResidentEntities())
                .instanceRetention(o.retention())
                .dedupWindow(o.dedupWindow())
                .build())) {
      m.put("restartListening", (System.nanoTime() - start) / 1e6);
      try (DurableClient client = DurableClient.connect(scheduler.connectionString())) {
        m.put("restartConnected", (System.nanoTime() - start) / 1e6);
        if (client.entities().get(EntityInstanceId.of("counter", KEY_PREFIX + 0)).isEmpty()) {
          throw new IllegalStateException("entity @counter@g0 is missing after the restart");
        }
        m.put("restartFirstServed", (System.nanoTime() - start) / 1e6);
      }
    }
    Path db = ColdRestartScenario.databaseFile(dataDir);
    long scanStart = System.nanoTime();
    long[] rows = SqliteProbe.countRows(db, List.of("entities"));
    m.put("entityScan", (System.nanoTime() - scanStart) / 1e6);
    m.put("entityRows", (double) rows[0]);
  }

  /** Computes the targets' figures from the series. */
  private static void summarize(
      SoakOptions o, SoakSeries series, double steadyFrom, double steadyTo, Map<String, Double> m) {
    double mid = (steadyFrom + steadyTo) / 2;
    m.put("heapBound", (double) o.heapMib());
    m.put("maxResident", (double) o.maxResidentEntities());
    m.put("heapMax", series.max(SoakSeries.Sample::heapAfterGcMib));
    m.put(
        "heapMaxSecondHalf",
        series.samples().stream()
            .filter(s -> s.seconds() >= mid && s.seconds() <= steadyTo)
            .mapToDouble(SoakSeries.Sample::heapAfterGcMib)
            .filter(Double::isFinite)
            .max()
            .orElse(Double.NaN));
    m.put("heapSlope", series.slopePerMinute(SoakSeries.Sample::heapAfterGcMib, mid, steadyTo));
    m.put("secondHalfMinutes", (steadyTo - mid) / 60);
    m.put("rssMax", series.max(SoakSeries.Sample::rssMib));
    m.put("residentMax", series.max(s -> s.residentEntities()));
    m.put("residentAtEnd", (double) series.last().residentEntities());
    double warm = steadyFrom + o.warmup().toSeconds();
    double window = o.rateWindow().toSeconds();
    double first = series.appliedRate(warm, warm + window);
    double last = series.appliedRate(steadyTo - window, steadyTo);
    m.put("firstWindowRate", first);
    m.put("lastWindowRate", last);
    m.put("rateRatio", last / first);
    double dbEnd = series.at(steadyTo).databaseMib();
    double dbBefore = series.at(steadyTo - window).databaseMib();
    m.put("dbAtEnd", dbEnd);
    m.put("dbGrowthLastWindow", dbEnd - dbBefore);
    m.put("dbGrowthRatio", (dbEnd - dbBefore) / dbEnd);
    m.put("rateWindowMinutes", window / 60);
    m.put("steadySeconds", steadyTo - steadyFrom);
    m.put("samples", (double) series.samples().size());
  }

  private static Map<String, Object> settings(SoakOptions o, Map<String, Double> m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("options", o.toString());
    s.put("schedulerArgs", schedulerArgs(o));
    s.put("figures", m);
    return s;
  }

  /**
   * Waits until {@code count} reaches {@code total}, for as long as it keeps moving: fails when it
   * stood still for {@link #DRAIN_STALL}, naming what it waited for and how far it got.
   */
  private static void drain(LongSupplier count, long total, String what, SoakSampler sampler)
      throws Exception {
    long last = count.getAsLong();
    long movedAt = System.nanoTime();
    while (last < total) {
      sampler.check();
      Thread.sleep(100);
      long now = count.getAsLong();
      if (now != last) {
        last = now;
        movedAt = System.nanoTime();
      } else if (System.nanoTime() - movedAt > DRAIN_STALL.toNanos()) {
        throw new IllegalStateException(
            String.format(
                "soak: waiting for %s, stuck at %,d of %,d for %s", what, now, total, DRAIN_STALL));
      }
    }
  }

  /** Waits until {@code done}, checking the sampler and the process meanwhile. */
  private static void await(
      BooleanSupplier done, Duration timeout, String what, SoakSampler sampler) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      sampler.check();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "soak: timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    return SoakFigures.of(m);
  }
}
