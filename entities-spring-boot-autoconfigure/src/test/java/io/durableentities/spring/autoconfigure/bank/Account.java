package io.durableentities.spring.autoconfigure.bank;

/** The account entity's operations. */
public interface Account {

  /**
   * Adds money, less the fee.
   *
   * @param cents the amount
   */
  void deposit(long cents);

  /**
   * Reads the balance.
   *
   * @return the balance
   */
  long balance();
}
