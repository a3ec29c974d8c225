package io.durableentities.benchmarks.runner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark runner: measures the machine's limits, then runs the scenarios against the real
 * product in this process, each repeated (median and range), and reports every figure with its
 * ratio to the matching limit.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.durableentities.benchmarks.runner.BenchmarkRunner \
 *     [--quick] [--out target/bench] [--only a,b,c,h] [--only g --soak-...] [--only c-purge]
 * </pre>
 *
 * <p>Prints the table on stdout (progress on stderr) and writes {@code results.md} and {@code
 * results.json} into the output folder. A failed scenario is reported as failed and the run goes
 * on; the exit status is 1 when any scenario failed.
 */
public final class BenchmarkRunner {

  private BenchmarkRunner() {}

  /** The scenarios in run order. */
  static List<Scenario> scenarios() {
    return List.of(
        SignalThroughputScenario.manyEntities(),
        SignalThroughputScenario.hotEntity(),
        new SignalLatencyScenario(),
        OrchestrationScenario.activities(),
        OrchestrationScenario.entityCalls(),
        new TransferScenario(),
        new WriteAmplificationScenario(),
        new ColdRestartScenario(),
        new ClientCallLatencyScenario(),
        new SoakScenario(),
        new PurgeLatencyScenario(),
        TelemetryCostScenario.signals(),
        TelemetryCostScenario.orchestrations(),
        new QueuedRestartScenario());
  }

  /**
   * Runs the benchmarks and exits with 0 when every scenario ran, 1 when one failed, 2 for an
   * invalid command line.
   *
   * @param args the command line; {@code --help} lists the options
   */
  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    String command = "BenchmarkRunner " + String.join(" ", args);
    System.exit(RunnerCommand.commandLine(options -> runAndPrint(options, command)).execute(args));
  }

  private static int runAndPrint(RunnerOptions options, String command) throws IOException {
    Report report = run(options, command);
    System.out.print(report.table());
    System.err.println(
        "[bench] wrote " + options.out().resolve("results.md") + " and results.json");
    boolean failed = report.results().stream().anyMatch(r -> r.error() != null);
    return failed ? 1 : 0;
  }

  /**
   * Runs the limits and the selected scenarios and writes the report files.
   *
   * @param options the options
   * @param command how the run was started, for the report
   * @return the report
   */
  public static Report run(RunnerOptions options, String command) throws IOException {
    Instant started = Instant.now();
    long start = System.nanoTime();
    Path scratch = Files.createTempDirectory("durable-bench-");
    try {
      RunContext context = new RunContext(options, scratch);
      Map<String, String> machine = Machine.describe(scratch);
      List<ScenarioResult> results = new ArrayList<>();
      MachineLimits limitsProbe = new MachineLimits();
      Map<String, Stats> limitStats = new LinkedHashMap<>();
      results.add(runScenario(limitsProbe, context, null, limitStats));
      Limits limits = new Limits(limitStats);
      for (Scenario scenario : scenarios()) {
        if (options.selected(scenario)) {
          results.add(runScenario(scenario, context, limits, new LinkedHashMap<>()));
        }
      }
      machine.put("loadAverageAtEnd", Machine.loadAverage());
      Report report =
          new Report(
              command,
              started.toString(),
              (System.nanoTime() - start) / 1e9,
              machine,
              options,
              results);
      report.write(options.out());
      return report;
    } finally {
      deleteRecursively(scratch);
    }
  }

  /**
   * Runs a scenario's repetitions and summarizes them; a failure is reported, not thrown.
   *
   * @param measured receives each key's repetitions
   */
  private static ScenarioResult runScenario(
      Scenario scenario, RunContext context, Limits limits, Map<String, Stats> measured) {
    int repetitions = scenario.repetitions(context.options());
    Map<String, List<Double>> values = new LinkedHashMap<>();
    try {
      for (int i = 0; i < repetitions; i++) {
        context.log("%s: repetition %d of %d", scenario.title(), i + 1, repetitions);
        scenario
            .runOnce(context)
            .forEach((k, v) -> values.computeIfAbsent(k, key -> new ArrayList<>()).add(v));
      }
      values.forEach((k, v) -> measured.put(k, Stats.of(v)));
      Limits forFigures = limits != null ? limits : new Limits(measured);
      List<Figure> figures = scenario.figures(measured, forFigures);
      for (Figure f : figures) {
        context.log("  %s: %s", f.label(), Report.format(f.value().median(), f.unit()));
      }
      return new ScenarioResult(
          scenario.id(),
          scenario.title(),
          scenario.setup(),
          scenario.limitedBy(),
          repetitions,
          figures,
          null);
    } catch (Exception | Error e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      context.log("%s FAILED: %s", scenario.title(), e);
      e.printStackTrace();
      return new ScenarioResult(
          scenario.id(),
          scenario.title(),
          scenario.setup(),
          scenario.limitedBy(),
          repetitions,
          List.of(),
          e.toString());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
