package io.durableentities.samples.accounts;

import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
import java.util.ArrayList;
import java.util.List;

/**
 * Accounts held in memory by {@link EntityTester}s and called through their typed {@link Account}
 * proxies: the same entity code and the same batch executor as in production, with no server.
 */
public final class InMemoryBank {

  private final List<Account> accounts = new ArrayList<>();

  /**
   * Opens accounts {@code acct-0} .. {@code acct-(count-1)}, each with the same deposit.
   *
   * @param count how many accounts
   * @param initialCents the opening deposit of each, in cents
   */
  public InMemoryBank(int count, long initialCents) {
    for (int i = 0; i < count; i++) {
      Account account = EntityTester.of(AccountEntity::new, "acct-" + i).proxy(Account.class);
      if (initialCents > 0) {
        account.deposit(initialCents);
      }
      accounts.add(account);
    }
  }

  /**
   * Moves money from one account to another: a withdrawal, then a deposit.
   *
   * @param from the index of the source account
   * @param to the index of the target account
   * @param cents the amount
   * @return true when the transfer happened, false when the source had too little money (then
   *     neither balance changed)
   */
  public boolean transfer(int from, int to, long cents) {
    try {
      accounts.get(from).withdraw(cents);
    } catch (EntityOperationFailedException e) {
      if (e.failureDetails().errorType().equals(InsufficientFundsException.class.getName())) {
        return false;
      }
      throw e;
    }
    accounts.get(to).deposit(cents);
    return true;
  }

  /**
   * Reads one balance through the entity's {@code balance} operation.
   *
   * @param index the account index
   * @return the balance in cents
   */
  public long balance(int index) {
    return accounts.get(index).balance();
  }

  /**
   * Sums all balances.
   *
   * @return the total in cents
   */
  public long total() {
    long total = 0;
    for (int i = 0; i < accounts.size(); i++) {
      total += balance(i);
    }
    return total;
  }

  /**
   * Returns how many accounts are open.
   *
   * @return the number of accounts
   */
  public int size() {
    return accounts.size();
  }
}
