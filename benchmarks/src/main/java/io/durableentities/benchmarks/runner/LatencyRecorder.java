package io.durableentities.benchmarks.runner;

import java.util.Arrays;

/** Collects latencies in nanoseconds from any thread and answers percentiles in milliseconds. */
public final class LatencyRecorder {

  private long[] values = new long[1024];
  private int size;

  /** Records one latency. */
  public synchronized void record(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  /** How many latencies were recorded. */
  public synchronized int count() {
    return size;
  }

  /** The sum of the recorded latencies in milliseconds. */
  public synchronized double totalMillis() {
    long total = 0;
    for (int i = 0; i < size; i++) {
      total += values[i];
    }
    return total / 1e6;
  }

  /** Forgets what was recorded (after a warm-up). */
  public synchronized void reset() {
    size = 0;
  }

  /**
   * The nearest-rank percentile in milliseconds.
   *
   * @param percentile 0 to 100
   * @return the percentile, or NaN when nothing was recorded
   */
  public synchronized double percentileMillis(double percentile) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }
}
