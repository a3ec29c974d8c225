package io.durableentities.benchmarks.runner;

/** The account entity's contract: a balance in cents. */
public interface Account {

  /**
   * Adds money.
   *
   * @param cents a positive amount
   */
  void deposit(long cents);

  /**
   * Takes money; fails (and changes nothing) when the balance is too small.
   *
   * @param cents a positive amount
   */
  void withdraw(long cents);

  /**
   * Reads the balance.
   *
   * @return the balance in cents
   */
  long balance();
}
