package io.durableentities.benchmarks.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The repetitions of one measured value: median, minimum and maximum.
 *
 * @param median the median of the repetitions
 * @param min the smallest repetition
 * @param max the largest repetition
 * @param values the repetitions in run order
 */
public record Stats(double median, double min, double max, List<Double> values) {

  /** Summarizes repetitions; an even count takes the mean of the two middle values. */
  public static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no repetitions to summarize");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(median, sorted.get(0), sorted.get(n - 1), List.copyOf(values));
  }
}
