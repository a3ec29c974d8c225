package io.durableentities.benchmarks.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The runner's command-line options.
 *
 * @param out where {@code results.md} and {@code results.json} go
 * @param only the scenario ids to run (empty: all)
 * @param repetitions repetitions per probe and scenario (the median is reported)
 * @param warmup warm-up before each steady-state window
 * @param measure the steady-state window
 * @param latencySignals sequential signals measured by the latency scenario
 * @param writeSignals signals sent by the write-amplification scenario
 * @param restartEntities entities in the cold-restart data set
 * @param restartHistoryRows history rows in the cold-restart data set
 * @param orchestrations orchestrations in flight in scenario d
 * @param transfers transfers in flight in scenario e
 * @param jitWait how long a warm-up may go on while the JIT compilers are still busy (0: not at
 *     all)
 * @param quick whether this is a smoke run ({@code --quick})
 * @param restartData where the cold-restart data set is kept across runs (built there when it has
 *     no database, reused otherwise), or null for a scratch directory built anew each run
 */
public record RunnerOptions(
    Path out,
    Set<String> only,
    int repetitions,
    Duration warmup,
    Duration measure,
    Duration jitWait,
    int latencySignals,
    int writeSignals,
    int restartEntities,
    int restartHistoryRows,
    int orchestrations,
    int transfers,
    boolean quick,
    Path restartData) {

  static final String USAGE =
      """
      java -cp benchmarks/target/benchmarks.jar io.durableentities.benchmarks.runner.BenchmarkRunner [options]
        --quick                 smoke run: 1 repetition, 1 s warm-up, 2 s windows, small data sets
        --out DIR               where results.md and results.json go (default target/bench)
        --only IDS              comma-separated scenarios: a,b,c,d,d-entities,e,f-write,f-restart
                                (the machine limits are always measured)
        --repetitions N         repetitions per probe and scenario, median reported (default 3)
        --warmup SECONDS        warm-up before each steady-state window (default 5)
        --measure SECONDS       steady-state window (default 10)
        --jit-wait SECONDS      after the warm-up, wait up to this long for the JIT compilers to
                                settle, checked each second (default 60, 0 with --quick)
        --latency-signals N     sequential signals in scenario c (default 2000)
        --write-signals N       signals in scenario f-write (default 20000)
        --restart-entities N    entities in the cold-restart data set (default 100000)
        --restart-history N     history rows in the cold-restart data set (default 1000000)
        --restart-data DIR      keep the cold-restart data set in DIR: built there when DIR has no
                                database, reused as it is otherwise (default: built anew in scratch)
        --orchestrations N      orchestrations in flight in scenario d (default 500)
        --transfers N           transfers in flight in scenario e (default 100)
      """;

  /** The defaults of a full run. */
  public static RunnerOptions defaults() {
    return new RunnerOptions(
        Path.of("target", "bench"),
        Set.of(),
        3,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        2000,
        20_000,
        100_000,
        1_000_000,
        500,
        100,
        false,
        null);
  }

  /** The smoke-run sizes of {@code --quick}. */
  public RunnerOptions quickSizes() {
    return with(
        o -> {
          o.repetitions = 1;
          o.warmup = Duration.ofSeconds(1);
          o.measure = Duration.ofSeconds(2);
          o.jitWait = Duration.ZERO;
          o.latencySignals = 200;
          o.writeSignals = 2000;
          o.restartEntities = 2000;
          o.restartHistoryRows = 20_000;
          o.quick = true;
        });
  }

  /** The warm-up before each steady-state window. */
  Warmup warmupPhase() {
    return new Warmup(warmup, jitWait);
  }

  /** Whether a scenario is selected. */
  boolean selected(String id) {
    return only.isEmpty() || only.contains(id);
  }

  /**
   * Parses the command line; {@code --quick} applies first, explicit options override it.
   *
   * @throws IllegalArgumentException naming the bad option
   */
  public static RunnerOptions parse(List<String> args) {
    RunnerOptions o = args.contains("--quick") ? defaults().quickSizes() : defaults();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--quick")) {
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("unknown option or missing value: " + arg);
      }
      String v = args.get(++i);
      o =
          switch (arg) {
            case "--out" -> o.with(Path.of(v), o.only, o.repetitions, o.warmup, o.measure);
            case "--only" -> o.with(o.out, ids(v), o.repetitions, o.warmup, o.measure);
            case "--repetitions" -> o.with(o.out, o.only, positive(arg, v), o.warmup, o.measure);
            case "--warmup" -> o.with(o.out, o.only, o.repetitions, seconds(arg, v), o.measure);
            case "--measure" -> o.with(o.out, o.only, o.repetitions, o.warmup, seconds(arg, v));
            case "--jit-wait" -> o.jitWaitOf(seconds(arg, v));
            case "--latency-signals" ->
                o.sizes(positive(arg, v), o.writeSignals, o.restartEntities, o.restartHistoryRows);
            case "--write-signals" ->
                o.sizes(
                    o.latencySignals, positive(arg, v), o.restartEntities, o.restartHistoryRows);
            case "--restart-entities" ->
                o.sizes(o.latencySignals, o.writeSignals, positive(arg, v), o.restartHistoryRows);
            case "--restart-history" ->
                o.sizes(o.latencySignals, o.writeSignals, o.restartEntities, positive(arg, v));
            case "--orchestrations" -> o.inFlight(positive(arg, v), o.transfers);
            case "--transfers" -> o.inFlight(o.orchestrations, positive(arg, v));
            case "--restart-data" -> o.restartDataIn(Path.of(v));
            default -> throw new IllegalArgumentException("unknown option: " + arg);
          };
    }
    return o;
  }

  private RunnerOptions with(
      Path out, Set<String> only, int repetitions, Duration warmup, Duration measure) {
    return with(
        o -> {
          o.out = out;
          o.only = only;
          o.repetitions = repetitions;
          o.warmup = warmup;
          o.measure = measure;
        });
  }

  /** These options with other data-set sizes. */
  RunnerOptions sizes(int latency, int write, int entities, int historyRows) {
    return with(
        o -> {
          o.latencySignals = latency;
          o.writeSignals = write;
          o.restartEntities = entities;
          o.restartHistoryRows = historyRows;
        });
  }

  /** These options with other numbers of orchestrations and transfers in flight. */
  RunnerOptions inFlight(int orchestrations, int transfers) {
    return with(
        o -> {
          o.orchestrations = orchestrations;
          o.transfers = transfers;
        });
  }

  /** These options with the cold-restart data set kept in {@code dir}. */
  RunnerOptions restartDataIn(Path dir) {
    return with(o -> o.restartData = dir);
  }

  /** These options with another longest wait for the JIT after each warm-up. */
  RunnerOptions jitWaitOf(Duration wait) {
    return with(o -> o.jitWait = wait);
  }

  /** These options with other repetitions and durations. */
  RunnerOptions timing(int repetitions, Duration warmup, Duration measure) {
    return with(out, only, repetitions, warmup, measure);
  }

  /** These options with another output folder and scenario selection. */
  RunnerOptions target(Path out, Set<String> only) {
    return with(out, only, repetitions, warmup, measure);
  }

  /** A copy of these options with the changes {@code change} makes to its fields. */
  private RunnerOptions with(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.options();
  }

  /** The fields of a copy being changed. */
  private static final class Fields {
    Path out;
    Set<String> only;
    int repetitions;
    Duration warmup;
    Duration measure;
    Duration jitWait;
    int latencySignals;
    int writeSignals;
    int restartEntities;
    int restartHistoryRows;
    int orchestrations;
    int transfers;
    boolean quick;
    Path restartData;

    Fields(RunnerOptions o) {
      out = o.out;
      only = o.only;
      repetitions = o.repetitions;
      warmup = o.warmup;
      measure = o.measure;
      jitWait = o.jitWait;
      latencySignals = o.latencySignals;
      writeSignals = o.writeSignals;
      restartEntities = o.restartEntities;
      restartHistoryRows = o.restartHistoryRows;
      orchestrations = o.orchestrations;
      transfers = o.transfers;
      quick = o.quick;
      restartData = o.restartData;
    }

    RunnerOptions options() {
      return new RunnerOptions(
          out,
          only,
          repetitions,
          warmup,
          measure,
          jitWait,
          latencySignals,
          writeSignals,
          restartEntities,
          restartHistoryRows,
          orchestrations,
          transfers,
          quick,
          restartData);
    }
  }

  private static Set<String> ids(String v) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : v.split(",")) {
      if (!id.isBlank()) {
        ids.add(id.trim());
      }
    }
    return Set.copyOf(ids);
  }

  private static int positive(String option, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a positive whole number, was " + v);
  }

  private static Duration seconds(String option, String v) {
    try {
      double s = Double.parseDouble(v);
      if (s >= 0) {
        return Duration.ofMillis(Math.round(s * 1000));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs seconds (>= 0), was " + v);
  }
}
