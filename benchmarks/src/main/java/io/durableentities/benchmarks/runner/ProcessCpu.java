package io.durableentities.benchmarks.runner;

import java.lang.management.ManagementFactory;

/**
 * CPU time used by this process (all threads), for CPU-per-operation figures: on a machine shared
 * with other tenants, CPU spent per operation moves much less than operations per second.
 */
final class ProcessCpu {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  /** CPU nanoseconds this process used so far, or -1 when the JVM cannot tell. */
  static long nanos() {
    return OS.getProcessCpuTime();
  }

  /**
   * Microseconds of process CPU per operation over a window whose counter {@code cpu} is {@link
   * #nanos} and counter {@code ops} counts the operations; NaN when unknown.
   */
  static double microsPerOp(SteadyState.Window window, int cpu, int ops) {
    long used = window.end()[cpu] - window.start()[cpu];
    long done = window.end()[ops] - window.start()[ops];
    if (window.start()[cpu] < 0 || done <= 0) {
      return Double.NaN;
    }
    return used / 1e3 / done;
  }
}
