package io.durableentities.samples.counters;

/** A counter: the typed contract of the {@code counter} entity. */
public interface Counter {

  /**
   * Adds to the counter.
   *
   * @param amount the amount to add, may be negative
   */
  void add(long amount);

  /**
   * Reads the counter.
   *
   * @return the current value
   */
  long get();

  /** Sets the counter back to zero. */
  void reset();
}
