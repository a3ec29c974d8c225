package io.durableentities.benchmarks.runner;

/** The counter entity's contract, used through typed proxies. */
public interface Counter {

  /**
   * Adds to the counter.
   *
   * @param amount the amount
   */
  void add(long amount);

  /**
   * Adds one and records, in this process, how long ago the signal was sent (latency scenario).
   *
   * @param sentAtNanos {@link System#nanoTime()} when the sender called the proxy
   */
  void stamp(long sentAtNanos);

  /**
   * Reads the counter.
   *
   * @return the value
   */
  long get();
}
