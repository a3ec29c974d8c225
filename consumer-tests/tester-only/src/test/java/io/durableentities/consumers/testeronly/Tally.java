package io.durableentities.consumers.testeronly;

/** A consumer's entity contract. */
public interface Tally {
  void add(long amount);

  long total();
}
