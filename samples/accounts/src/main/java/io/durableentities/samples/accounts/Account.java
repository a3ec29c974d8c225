package io.durableentities.samples.accounts;

/**
 * A bank account: the typed contract of the {@code account} entity.
 *
 * <p>Amounts are in cents. Each method is one entity operation; the operation name is the method
 * name.
 */
public interface Account {

  /**
   * Adds money to the account.
   *
   * @param cents a positive amount
   */
  void deposit(long cents);

  /**
   * Takes money from the account.
   *
   * @param cents a positive amount
   * @throws InsufficientFundsException when the balance is lower than {@code cents}; the operation
   *     then fails and the balance is unchanged
   */
  void withdraw(long cents);

  /**
   * Reads the balance.
   *
   * @return the balance in cents
   */
  long balance();
}
