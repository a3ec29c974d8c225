package io.durableentities.samples.counters;

// docs:start counter
/** A counter: the typed contract of the {@code counter} entity. */
public interface Counter {
  /** Adds {@code amount}, which may be negative. */
  void add(long amount);

  /** Reads the value. */
  long get();

  /** Sets the value back to zero. */
  void reset();
}
// docs:end counter
