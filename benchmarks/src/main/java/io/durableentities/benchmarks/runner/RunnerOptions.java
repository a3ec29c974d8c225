package io.durableentities.benchmarks.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine;

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
 * @param clientCalls sequential add-then-get call pairs measured by scenario h
 * @param jitWait how long a warm-up may go on while the JIT compilers are still busy (0: not at
 *     all)
 * @param quick whether this is a smoke run ({@code --quick})
 * @param restartData where the cold-restart data set is kept across runs (built there when it has
 *     no database, reused otherwise), or null for a scratch directory built anew each run
 * @param soak the sizes of the soak scenario (g)
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
    int clientCalls,
    boolean quick,
    Path restartData,
    SoakOptions soak) {

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
        1000,
        false,
        null,
        SoakOptions.defaults());
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
          o.clientCalls = 100;
          o.writeSignals = 2000;
          o.restartEntities = 2000;
          o.restartHistoryRows = 20_000;
          o.quick = true;
          o.soak = SoakOptions.quick();
        });
  }

  /** The warm-up before each steady-state window. */
  Warmup warmupPhase() {
    return new Warmup(warmup, jitWait);
  }

  /** Whether a scenario is selected: named by {@code --only}, or run by default without it. */
  boolean selected(Scenario scenario) {
    return only.isEmpty() ? scenario.runByDefault() : only.contains(scenario.id());
  }

  /**
   * Parses a command line without running anything; {@code --quick} applies first, explicit options
   * override it. {@code BenchmarkRunner} runs the same command line with picocli, which also
   * handles {@code --help}.
   *
   * @param args the command line
   * @return the options
   * @throws CommandLine.ParameterException naming the bad option
   */
  public static RunnerOptions parse(List<String> args) {
    CommandLine commandLine = RunnerCommand.commandLine(options -> 0);
    commandLine.parseArgs(args.toArray(String[]::new));
    return commandLine.<RunnerCommand>getCommand().options();
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

  /** These options with another number of call pairs in scenario h. */
  RunnerOptions clientCallsOf(int pairs) {
    return with(o -> o.clientCalls = pairs);
  }

  /** These options with other soak sizes. */
  RunnerOptions soakOf(SoakOptions soak) {
    return with(o -> o.soak = soak);
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
    int clientCalls;
    boolean quick;
    Path restartData;
    SoakOptions soak;

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
      clientCalls = o.clientCalls;
      quick = o.quick;
      restartData = o.restartData;
      soak = o.soak;
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
          clientCalls,
          quick,
          restartData,
          soak);
    }
  }
}
