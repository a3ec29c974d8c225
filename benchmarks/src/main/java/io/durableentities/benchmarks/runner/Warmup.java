package io.durableentities.benchmarks.runner;

import java.time.Duration;

/**
 * The warm-up before a steady-state window: at least {@code minimum}, then on while the JIT
 * compilers are still busy, for at most {@code jitWait} more (see {@link JitActivity#settle}). On
 * two cores under load, C2 takes tens of seconds to compile the product's hot paths, and until it
 * is done it takes one core from the code measured, which meanwhile runs in its slower forms.
 *
 * @param minimum the shortest warm-up
 * @param jitWait how much longer it may last while the JIT is busy (0: not at all)
 */
record Warmup(Duration minimum, Duration jitWait) {

  /**
   * Runs the warm-up (the load is already running).
   *
   * @return how long it went on past the minimum, waiting for the JIT
   */
  Duration run() throws InterruptedException {
    Thread.sleep(minimum.toMillis());
    return jitWait.isZero() ? Duration.ZERO : JitActivity.settle(jitWait);
  }
}
