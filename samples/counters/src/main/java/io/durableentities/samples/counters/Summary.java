package io.durableentities.samples.counters;

/**
 * The state of an {@link Aggregator}: what the readings so far add up to.
 *
 * @param count how many readings
 * @param sum their sum
 * @param min the smallest, {@link Long#MAX_VALUE} when there is none
 * @param max the largest, {@link Long#MIN_VALUE} when there is none
 */
public record Summary(long count, long sum, long min, long max) {

  /** The summary of no readings. */
  public static final Summary EMPTY = new Summary(0, 0, Long.MAX_VALUE, Long.MIN_VALUE);

  /**
   * Adds a reading.
   *
   * @param reading the reading
   * @return the summary including it
   */
  public Summary with(long reading) {
    return new Summary(
        count + 1, Math.addExact(sum, reading), Math.min(min, reading), Math.max(max, reading));
  }

  /**
   * The mean of the readings.
   *
   * @return the mean, 0 when there is none
   */
  public double average() {
    return count == 0 ? 0 : (double) sum / count;
  }
}
