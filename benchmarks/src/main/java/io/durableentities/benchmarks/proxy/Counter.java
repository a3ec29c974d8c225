package io.durableentities.benchmarks.proxy;

/** The entity interface of the proxy benchmarks (B4's {@code Counter.add(long)}). */
public interface Counter {

  /**
   * Adds to the counter: a one-way signal.
   *
   * @param amount the amount
   */
  void add(long amount);

  /**
   * Reads the counter: a call with a primitive result.
   *
   * @return the value
   */
  long get();
}
