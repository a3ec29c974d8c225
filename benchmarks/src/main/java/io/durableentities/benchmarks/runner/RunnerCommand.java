package io.durableentities.benchmarks.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The picocli definition of the benchmark runner's command line. {@code --quick} applies first;
 * options given explicitly override it. Usage errors go to stderr with the usage text and exit
 * status 2; {@code --help} goes to stdout with status 0. An option given twice takes its last
 * value.
 */
@Command(
    name = "BenchmarkRunner",
    sortOptions = false,
    description = {
      "Measures the machine's limits, then runs the scenarios against the real product in this"
          + " process and reports every figure with its ratio to the matching limit. Prints the"
          + " table on stdout (progress on stderr) and writes results.md and results.json.",
      ""
    },
    footer = {
      "%nRun as:",
      "  java -cp benchmarks/target/benchmarks.jar \\",
      "      io.durableentities.benchmarks.runner.BenchmarkRunner [options]"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every scenario ran, or --help",
      "1:a scenario failed (the others still ran)",
      "2:invalid command line"
    })
final class RunnerCommand implements Callable<Integer> {

  /** What runs once the command line is valid. */
  @FunctionalInterface
  interface Action {
    /**
     * Runs the benchmarks.
     *
     * @param options the parsed options
     * @return the exit status
     * @throws Exception a failure, reported with its stack trace and exit status 1
     */
    int run(RunnerOptions options) throws Exception;
  }

  private static final RunnerOptions DEFAULTS = RunnerOptions.defaults();

  @Spec private CommandSpec spec;

  @Option(
      names = "--quick",
      description = "smoke run: 1 repetition, 1 s warm-up, 2 s windows, small data sets")
  private boolean quick;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where results.md and results.json go (default: ${DEFAULT-VALUE})")
  private Path out = DEFAULTS.out();

  @Option(
      names = "--only",
      paramLabel = "IDS",
      description =
          "comma-separated scenarios: a,b,c,d,d-entities,e,f-write,f-restart,h,g,c-purge,f-queued"
              + " (default: all but g, c-purge and f-queued; the machine limits are always measured)")
  private String only = "";

  @Option(
      names = "--repetitions",
      paramLabel = "N",
      converter = Positive.class,
      description =
          "repetitions per probe and scenario, median reported (default: ${DEFAULT-VALUE})")
  private int repetitions = DEFAULTS.repetitions();

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "warm-up before each steady-state window (default: 5)")
  private Duration warmup = DEFAULTS.warmup();

  @Option(
      names = "--measure",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "steady-state window (default: 10)")
  private Duration measure = DEFAULTS.measure();

  @Option(
      names = "--jit-wait",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description =
          "after the warm-up, wait up to this long for the JIT compilers to settle, checked each"
              + " second (default: 60, 0 with --quick)")
  private Duration jitWait = DEFAULTS.jitWait();

  @Option(
      names = "--latency-signals",
      paramLabel = "N",
      converter = Positive.class,
      description = "sequential signals in scenario c (default: ${DEFAULT-VALUE})")
  private int latencySignals = DEFAULTS.latencySignals();

  @Option(
      names = "--write-signals",
      paramLabel = "N",
      converter = Positive.class,
      description = "signals in scenario f-write (default: ${DEFAULT-VALUE})")
  private int writeSignals = DEFAULTS.writeSignals();

  @Option(
      names = "--restart-entities",
      paramLabel = "N",
      converter = Positive.class,
      description = "entities in the cold-restart data set (default: ${DEFAULT-VALUE})")
  private int restartEntities = DEFAULTS.restartEntities();

  @Option(
      names = "--restart-history",
      paramLabel = "N",
      converter = Positive.class,
      description = "history rows in the cold-restart data set (default: ${DEFAULT-VALUE})")
  private int restartHistoryRows = DEFAULTS.restartHistoryRows();

  @Option(
      names = "--restart-data",
      paramLabel = "DIR",
      description =
          "keep the cold-restart data set in DIR: built there when DIR has no database, reused as"
              + " it is otherwise (default: built anew in scratch)")
  private Path restartData;

  @Option(
      names = "--orchestrations",
      paramLabel = "N",
      converter = Positive.class,
      description = "orchestrations in flight in scenario d (default: ${DEFAULT-VALUE})")
  private int orchestrations = DEFAULTS.orchestrations();

  @Option(
      names = "--transfers",
      paramLabel = "N",
      converter = Positive.class,
      description = "transfers in flight in scenario e (default: ${DEFAULT-VALUE})")
  private int transfers = DEFAULTS.transfers();

  @Option(
      names = "--client-calls",
      paramLabel = "N",
      converter = Positive.class,
      description = "sequential add-then-get call pairs in scenario h (default: ${DEFAULT-VALUE})")
  private int clientCalls = DEFAULTS.clientCalls();

  @Option(
      names = "--soak-entities",
      paramLabel = "N",
      converter = Positive.class,
      description = "(g) distinct entities signalled once each first (default: ${DEFAULT-VALUE})")
  private int soakEntities = DEFAULTS.soak().entities();

  @Option(
      names = "--soak-working-set",
      paramLabel = "N",
      converter = Positive.class,
      description = "(g) entities the steady load signals, rolling (default: ${DEFAULT-VALUE})")
  private int soakWorkingSet = DEFAULTS.soak().workingSet();

  @Option(
      names = "--soak-rate-fraction",
      paramLabel = "F",
      converter = NonNegative.class,
      description =
          "(g) steady signal rate as a fraction of the fill's closed-loop rate (default:"
              + " ${DEFAULT-VALUE})")
  private double soakRateFraction = DEFAULTS.soak().rateFraction();

  @Option(
      names = "--soak-orchestration-rate",
      paramLabel = "PER_S",
      converter = NonNegative.class,
      description = "(g) orchestrations started per second (default: ${DEFAULT-VALUE})")
  private double soakOrchestrationRate = DEFAULTS.soak().orchestrationRate();

  @Option(
      names = "--soak-orchestrations",
      paramLabel = "N",
      converter = NonNegativeLong.class,
      description =
          "(g) orchestrations the steady load starts at least: it runs past --soak-duration until"
              + " then, at most twice as long; 0 for none (default: ${DEFAULT-VALUE})")
  private long soakOrchestrations = DEFAULTS.soak().orchestrations();

  @Option(
      names = "--soak-retention",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "(g) the scheduler's --instance-retention (default: 60)")
  private Duration soakRetention = DEFAULTS.soak().retention();

  @Option(
      names = "--soak-duration",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "(g) how long the steady load runs (default: 1800)")
  private Duration soakDuration = DEFAULTS.soak().duration();

  @Option(
      names = "--soak-heap",
      paramLabel = "MIB",
      converter = Positive.class,
      description = "(g) the scheduler process's -Xmx, the heap bound (default: ${DEFAULT-VALUE})")
  private int soakHeap = DEFAULTS.soak().heapMib();

  @Option(
      names = "--soak-max-resident",
      paramLabel = "N",
      converter = Positive.class,
      description = "(g) the scheduler's --max-resident-entities (default: ${DEFAULT-VALUE})")
  private int soakMaxResident = DEFAULTS.soak().maxResidentEntities();

  @Option(
      names = "--soak-dedup-window",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "(g) the scheduler's --dedup-window (default: 600)")
  private Duration soakDedupWindow = DEFAULTS.soak().dedupWindow();

  @Option(
      names = "--soak-clean-interval",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "(g) the scheduler's --clean-entity-storage-interval (default: 600)")
  private Duration soakCleanInterval = DEFAULTS.soak().cleanInterval();

  @Option(
      names = "--soak-sample-interval",
      paramLabel = "SECONDS",
      converter = Seconds.class,
      description = "(g) how often the series is sampled (default: 10)")
  private Duration soakSampleInterval = DEFAULTS.soak().sampleInterval();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  private final Action action;

  private RunnerCommand(Action action) {
    this.action = Objects.requireNonNull(action, "action");
  }

  /**
   * The command line that runs {@code action} when the arguments are valid.
   *
   * @param action what runs with the parsed options
   * @return a new command line, to {@link CommandLine#execute execute} once
   */
  static CommandLine commandLine(Action action) {
    return new CommandLine(new RunnerCommand(action)).setOverwrittenOptionsAllowed(true);
  }

  /** The parsed options: the defaults, or {@code --quick}'s, overridden by the options given. */
  RunnerOptions options() {
    RunnerOptions o = quick ? DEFAULTS.quickSizes() : DEFAULTS;
    if (given("--out")) {
      o = o.target(out, o.only());
    }
    if (given("--only")) {
      o = o.target(o.out(), ids(only));
    }
    if (given("--repetitions")) {
      o = o.timing(repetitions, o.warmup(), o.measure());
    }
    if (given("--warmup")) {
      o = o.timing(o.repetitions(), warmup, o.measure());
    }
    if (given("--measure")) {
      o = o.timing(o.repetitions(), o.warmup(), measure);
    }
    if (given("--jit-wait")) {
      o = o.jitWaitOf(jitWait);
    }
    if (given("--latency-signals")) {
      o = o.sizes(latencySignals, o.writeSignals(), o.restartEntities(), o.restartHistoryRows());
    }
    if (given("--write-signals")) {
      o = o.sizes(o.latencySignals(), writeSignals, o.restartEntities(), o.restartHistoryRows());
    }
    if (given("--restart-entities")) {
      o = o.sizes(o.latencySignals(), o.writeSignals(), restartEntities, o.restartHistoryRows());
    }
    if (given("--restart-history")) {
      o = o.sizes(o.latencySignals(), o.writeSignals(), o.restartEntities(), restartHistoryRows);
    }
    if (given("--orchestrations")) {
      o = o.inFlight(orchestrations, o.transfers());
    }
    if (given("--transfers")) {
      o = o.inFlight(o.orchestrations(), transfers);
    }
    if (given("--client-calls")) {
      o = o.clientCallsOf(clientCalls);
    }
    if (restartData != null) {
      o = o.restartDataIn(restartData);
    }
    return o.soakOf(soak(o.soak()));
  }

  /** The soak's sizes: {@code base} (the defaults or {@code --quick}'s) and the options given. */
  private SoakOptions soak(SoakOptions base) {
    try {
      return new SoakOptions(
          given("--soak-entities") ? soakEntities : base.entities(),
          given("--soak-working-set") ? soakWorkingSet : base.workingSet(),
          given("--soak-rate-fraction") ? soakRateFraction : base.rateFraction(),
          given("--soak-orchestration-rate") ? soakOrchestrationRate : base.orchestrationRate(),
          given("--soak-orchestrations") ? soakOrchestrations : base.orchestrations(),
          given("--soak-retention") ? soakRetention : base.retention(),
          given("--soak-duration") ? soakDuration : base.duration(),
          given("--soak-heap") ? soakHeap : base.heapMib(),
          given("--soak-max-resident") ? soakMaxResident : base.maxResidentEntities(),
          given("--soak-dedup-window") ? soakDedupWindow : base.dedupWindow(),
          given("--soak-clean-interval") ? soakCleanInterval : base.cleanInterval(),
          given("--soak-sample-interval") ? soakSampleInterval : base.sampleInterval());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    return action.run(options());
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private static Set<String> ids(String value) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : value.split(",")) {
      if (!id.isBlank()) {
        ids.add(id.trim());
      }
    }
    return Set.copyOf(ids);
  }

  /**
   * Reads a value that must parse and pass a check, or fails naming what it needs.
   *
   * @param <T> what the value becomes
   */
  abstract static class Checked<T> implements CommandLine.ITypeConverter<T> {
    private final Function<String, T> parse;
    private final Predicate<T> ok;
    private final String need;

    Checked(Function<String, T> parse, Predicate<T> ok, String need) {
      this.parse = parse;
      this.ok = ok;
      this.need = need;
    }

    @Override
    public T convert(String value) {
      try {
        T v = parse.apply(value);
        if (ok.test(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException("needs " + need + ", was '" + value + "'");
    }
  }

  /** Reads a whole number above zero. */
  static final class Positive extends Checked<Integer> {
    public Positive() {
      super(Integer::parseInt, n -> n > 0, "a positive whole number");
    }
  }

  /** Reads a number, fractions allowed, at least zero. */
  static final class NonNegative extends Checked<Double> {
    public NonNegative() {
      super(Double::parseDouble, d -> d >= 0, "a number >= 0");
    }
  }

  /** Reads a whole number, at least zero. */
  static final class NonNegativeLong extends Checked<Long> {
    public NonNegativeLong() {
      super(Long::parseLong, n -> n >= 0, "a whole number >= 0");
    }
  }

  /** Reads seconds, fractions allowed, at least zero. */
  static final class Seconds extends Checked<Duration> {
    public Seconds() {
      super(
          value -> {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 ? Duration.ofMillis(Math.round(seconds * 1000)) : null;
          },
          Objects::nonNull,
          "seconds (>= 0)");
    }
  }
}
