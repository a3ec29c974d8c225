package io.durableentities.benchmarks.runner;

import java.util.List;
import java.util.Map;

/** One benchmark scenario: repeated by the runner, then summarized against the machine's limits. */
interface Scenario {

  /** A short id used to select it on the command line ({@code --only a,b}). */
  String id();

  /** What it measures, one line. */
  String title();

  /** The setup in words (sizes, concurrency, durations), for the report. */
  String setup();

  /** What limits its figures, for the report. */
  String limitedBy();

  /** How many repetitions to run: the run's {@code --repetitions} unless the scenario says. */
  default int repetitions(RunnerOptions options) {
    return options.repetitions();
  }

  /**
   * Whether it runs when {@code --only} is not given; a long scenario (the soak) runs only when
   * named.
   */
  default boolean runByDefault() {
    return true;
  }

  /**
   * Runs one repetition.
   *
   * @return the measured values by key
   */
  Map<String, Double> runOnce(RunContext context) throws Exception;

  /**
   * Summarizes the repetitions.
   *
   * @param measured each key's repetitions
   * @param limits the machine limits measured in this run
   * @return the figures to report
   */
  List<Figure> figures(Map<String, Stats> measured, Limits limits);
}
