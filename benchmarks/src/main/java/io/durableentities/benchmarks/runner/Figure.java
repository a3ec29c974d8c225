package io.durableentities.benchmarks.runner;

/**
 * One reported figure: a value over the repetitions, its ratio to the matching limit, and its
 * target.
 *
 * @param label what it is
 * @param unit {@code /s}, {@code ms}, {@code us}, {@code B}, {@code s}, {@code ratio} or empty
 * @param value the repetitions
 * @param ratio the median divided by the limit, or null
 * @param ratioTo which limit the ratio is to, or null
 * @param target the target in words, or null
 * @param met whether the median meets the target, or null when there is none
 */
public record Figure(
    String label,
    String unit,
    Stats value,
    Double ratio,
    String ratioTo,
    String target,
    Boolean met) {

  /** A figure with no ratio and no target. */
  static Figure of(String label, String unit, Stats value) {
    return new Figure(label, unit, value, null, null, null, null);
  }

  /** This figure with its ratio to a limit. */
  Figure ratio(double limit, String limitName) {
    double r = limit > 0 && Double.isFinite(limit) ? value.median() / limit : Double.NaN;
    return new Figure(label, unit, value, r, limitName, target, met);
  }

  /**
   * This figure with a lower bound as its target; not judged (null) when the bound could not be
   * computed (a limit measured as 0 or not at all).
   */
  Figure atLeast(double bound, String text) {
    Boolean meets = bound > 0 && Double.isFinite(bound) ? value.median() >= bound : null;
    return new Figure(label, unit, value, ratio, ratioTo, text, meets);
  }

  /** This figure with an upper bound as its target. */
  Figure atMost(double bound, String text) {
    return new Figure(label, unit, value, ratio, ratioTo, text, value.median() <= bound);
  }
}
