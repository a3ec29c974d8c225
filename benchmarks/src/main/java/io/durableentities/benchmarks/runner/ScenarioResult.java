package io.durableentities.benchmarks.runner;

import java.util.List;

/**
 * The summarized result of one scenario (or of the machine limits).
 *
 * @param id the scenario id
 * @param title what it measures
 * @param setup how it was run
 * @param limitedBy what limits its figures
 * @param repetitions how many repetitions were run
 * @param figures the figures, or empty when it failed
 * @param error why it failed, or null
 */
public record ScenarioResult(
    String id,
    String title,
    String setup,
    String limitedBy,
    int repetitions,
    List<Figure> figures,
    String error) {}
