package io.durableentities.benchmarks.runner;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Measures a rate over a window that starts after a warm-up. */
final class SteadyState {

  /**
   * The counters at the start and the end of the measured window.
   *
   * @param start the counters when the window started
   * @param end the counters when it ended
   * @param seconds the window's length
   * @param jitWait how long the warm-up went on past its minimum while the JIT was busy
   */
  record Window(long[] start, long[] end, double seconds, Duration jitWait) {

    /** Counter {@code i}'s increase per second in the window. */
    double rate(int i) {
      return (end[i] - start[i]) / seconds;
    }

    /** Counter {@code i} when the window ended. */
    long atEnd(int i) {
      return end[i];
    }
  }

  private SteadyState() {}

  /**
   * Runs the warm-up, runs {@code atStart}, then reads the counters over the window.
   *
   * @param counters e.g. operations applied (counted by the entities or orchestrations) and sends
   *     acknowledged (counted by the load generator)
   */
  static Window measure(Warmup warmup, Duration measure, Runnable atStart, LongSupplier... counters)
      throws InterruptedException {
    Duration jitWait = warmup.run();
    atStart.run();
    long[] start = read(counters);
    long t0 = System.nanoTime();
    Thread.sleep(measure.toMillis());
    long[] end = read(counters);
    return new Window(start, end, (System.nanoTime() - t0) / 1e9, jitWait);
  }

  private static long[] read(LongSupplier[] counters) {
    long[] values = new long[counters.length];
    for (int i = 0; i < counters.length; i++) {
      values[i] = counters[i].getAsLong();
    }
    return values;
  }

  /**
   * Waits until {@code applied} reaches {@code target}.
   *
   * @return the seconds it took
   * @throws IllegalStateException when it is not reached within the timeout
   */
  static double drain(LongSupplier applied, long target, Duration timeout, String what)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (applied.getAsLong() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only "
                + applied.getAsLong()
                + " of "
                + target
                + " "
                + what
                + " were applied within "
                + timeout);
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
