package io.durableentities.samples.springaccounts;

/** A bank account, in cents: the operations of the {@code account} entity. */
public interface Account {

  /**
   * Adds money.
   *
   * @param cents a positive amount, at most the bank's deposit limit
   */
  void deposit(long cents);

  /**
   * Takes money.
   *
   * @param cents a positive amount, at most the balance
   */
  void withdraw(long cents);

  /**
   * Reads the balance.
   *
   * @return the balance in cents
   */
  long balance();
}
