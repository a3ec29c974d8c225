package io.durableentities.benchmarks.proxy;

/** An interface the generation benchmark defines again in a fresh class loader each time. */
public interface FreshCounter {

  /**
   * Adds to the counter.
   *
   * @param amount the amount
   */
  void add(long amount);

  /**
   * Reads the counter.
   *
   * @return the value
   */
  long get();

  /**
   * Renames the counter.
   *
   * @param name the new name
   */
  void rename(String name);
}
