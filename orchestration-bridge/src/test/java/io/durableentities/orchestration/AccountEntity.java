package io.durableentities.orchestration;

import io.durableentities.core.TaskEntity;

/** An account that refuses overdrafts; its entity name is {@code account}. */
public final class AccountEntity extends TaskEntity<Long> implements Account {
  @Override
  public void deposit(long cents) {
    state += cents;
  }

  @Override
  public void withdraw(long cents) {
    if (state < cents) {
      throw new IllegalStateException("balance " + state + " < " + cents);
    }
    state -= cents;
  }

  @Override
  public long balance() {
    return state;
  }
}
