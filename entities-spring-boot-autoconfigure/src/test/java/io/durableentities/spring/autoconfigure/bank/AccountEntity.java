package io.durableentities.spring.autoconfigure.bank;

import io.durableentities.core.TaskEntity;
import io.durableentities.spring.DurableEntity;

/** An entity with a dependency injected by Spring. */
@DurableEntity
public class AccountEntity extends TaskEntity<Long> implements Account {

  private final Fees fees;

  /**
   * Creates the entity.
   *
   * @param fees the injected service
   */
  public AccountEntity(Fees fees) {
    this.fees = fees;
    fees.entityMade();
  }

  @Override
  public void deposit(long cents) {
    state += cents - fees.depositFee();
  }

  @Override
  public long balance() {
    return state;
  }
}
