package io.durableentities.benchmarks.runner;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/** How busy the JIT compilers are: the JVM's accumulated compilation time, read once a second. */
final class JitActivity {

  /** Compiler time per second of wall time below which a second counts as quiet. */
  static final long QUIET_MILLIS_PER_SECOND = 50;

  /** Consecutive quiet seconds after which the JIT counts as settled. */
  static final int QUIET_SECONDS = 2;

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private JitActivity() {}

  /**
   * Waits, a second at a time, until the compilers spent less than {@value
   * #QUIET_MILLIS_PER_SECOND} ms in each of the last {@value #QUIET_SECONDS} seconds, or until
   * {@code atMost} passed; returns at once when the JVM does not report compilation time.
   *
   * @return the time waited
   */
  static Duration settle(Duration atMost) throws InterruptedException {
    long start = System.nanoTime();
    if (JIT == null || !JIT.isCompilationTimeMonitoringSupported()) {
      return Duration.ZERO;
    }
    long deadline = start + atMost.toNanos();
    long before = JIT.getTotalCompilationTime();
    int quiet = 0;
    while (quiet < QUIET_SECONDS && System.nanoTime() < deadline) {
      Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      long now = JIT.getTotalCompilationTime();
      quiet = now - before < QUIET_MILLIS_PER_SECOND ? quiet + 1 : 0;
      before = now;
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
