package io.durableentities.orchestration;

/** An account's contract, for typed entity calls in the end-to-end tests. */
public interface Account {
  /** Adds money. */
  void deposit(long cents);

  /** Takes money out; fails on an overdraft. */
  void withdraw(long cents);

  /** Returns the balance. */
  long balance();
}
