package io.durableentities.testing;

/** A bank account: the entity of the scenarios. */
public interface Account {

  /** Adds to the balance. */
  void deposit(long cents);

  /** Takes from the balance. */
  void withdraw(long cents);

  /** The balance. */
  long balance();
}
