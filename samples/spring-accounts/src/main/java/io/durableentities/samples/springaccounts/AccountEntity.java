package io.durableentities.samples.springaccounts;

import io.durableentities.core.TaskEntity;
import io.durableentities.spring.DurableEntity;

/**
 * The {@code account} entity: its state is the balance in cents. Spring makes a new one for every
 * batch of operations, with the bank's rules injected.
 */
// docs:start account-entity
@DurableEntity
public class AccountEntity extends TaskEntity<Long> implements Account {

  private final AccountRules rules;

  public AccountEntity(AccountRules rules) {
    this.rules = rules;
  }

  @Override
  public void deposit(long cents) {
    rules.checkDeposit(cents);
    state = Math.addExact(state, cents);
  }

  @Override
  public void withdraw(long cents) {
    rules.checkPositive(cents);
    if (state < cents) {
      throw new IllegalStateException("balance " + state + " is below " + cents);
    }
    state -= cents;
  }

  @Override
  public long balance() {
    return state;
  }
}
// docs:end account-entity
