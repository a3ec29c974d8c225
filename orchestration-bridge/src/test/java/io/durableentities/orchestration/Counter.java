package io.durableentities.orchestration;

/** A counter's contract, for typed entity calls and signals in the end-to-end tests. */
public interface Counter {
  /** Adds to the count. */
  void add(long amount);

  /** Sets the count to zero. */
  void reset();

  /** Returns the count. */
  long get();
}
