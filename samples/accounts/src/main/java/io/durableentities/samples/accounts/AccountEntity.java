package io.durableentities.samples.accounts;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;

/**
 * The {@code account} entity: its state is the balance in cents.
 *
 * <p>A failed withdrawal throws, so the entity runtime rolls the operation back and reports the
 * failure to the caller; the balance never goes negative.
 */
// docs:start account-entity
public final class AccountEntity extends TaskEntity<Long> implements Account {

  @Override
  public void deposit(long cents) {
    requirePositive(cents);
    state = Math.addExact(state, cents);
  }

  @Override
  public void withdraw(long cents) {
    requirePositive(cents);
    if (state < cents) {
      throw new InsufficientFundsException(state, cents);
    }
    state -= cents;
  }

  @Override
  public void transfer(TransferOrder order) {
    requirePositive(order.cents());
    if (state < order.cents()) {
      context().signalProxy(Ledger.class, LedgerEntity.ID).record(TransferOutcome.REJECTED);
      return;
    }
    state -= order.cents();
    context()
        .signalProxy(Account.class, EntityInstanceId.of(Account.class, order.toAccount()))
        .deposit(order.cents());
    context().signalProxy(Ledger.class, LedgerEntity.ID).record(TransferOutcome.DONE);
  }

  @Override
  public long balance() {
    return state;
  }

  private static void requirePositive(long cents) {
    if (cents <= 0) {
      throw new IllegalArgumentException("amount must be positive, was " + cents);
    }
  }
}
// docs:end account-entity
