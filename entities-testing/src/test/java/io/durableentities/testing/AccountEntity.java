package io.durableentities.testing;

import io.durableentities.core.TaskEntity;

/** An account whose state is its balance in cents. */
public final class AccountEntity extends TaskEntity<Long> implements Account {

  @Override
  protected Long initialState() {
    return 0L;
  }

  @Override
  public void deposit(long cents) {
    state += cents;
  }

  @Override
  public void withdraw(long cents) {
    if (cents > state) {
      throw new IllegalStateException("insufficient funds: " + state + " < " + cents);
    }
    state -= cents;
  }

  @Override
  public long balance() {
    return state;
  }
}
