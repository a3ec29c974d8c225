package io.durableentities.samples.counters;

/**
 * An aggregator: the typed contract of the {@code aggregator} entity, which many senders feed with
 * readings and which keeps their count, sum, minimum and maximum.
 */
public interface Aggregator {

  /**
   * Adds one reading.
   *
   * @param reading the reading
   */
  void report(long reading);

  /**
   * Reads the summary of every reading so far.
   *
   * @return the summary, {@link Summary#EMPTY} before the first reading
   */
  Summary summary();

  /** Forgets every reading. */
  void reset();
}
