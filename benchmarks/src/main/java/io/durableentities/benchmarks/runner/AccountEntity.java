package io.durableentities.benchmarks.runner;

import io.durableentities.core.TaskEntity;

/** The benchmark account: refuses overdrafts, counts applied deposits in {@link EntityProbes}. */
public final class AccountEntity extends TaskEntity<Long> implements Account {

  @Override
  public void deposit(long cents) {
    state += cents;
    EntityProbes.accountDeposited();
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
