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
   * Moves money to another account without a lock: withdraws here and, in the same operation,
   * signals the deposit to the target and the outcome to the {@link Ledger}. The signals go out
   * only if this operation succeeds, exactly once, so money is never created or lost.
   *
   * @param order where to and how much; with too little money the order is counted as rejected and
   *     nothing moves
   */
  void transfer(TransferOrder order);

  /**
   * Reads the balance.
   *
   * @return the balance in cents
   */
  long balance();
}
