package io.durableentities.samples.counters;

import io.durableentities.core.TaskEntity;

/** The {@code order} entity: a state machine over {@link OrderStatus}. */
public final class OrderEntity extends TaskEntity<OrderState> implements Order {

  @Override
  public void create(long amountCents) {
    if (state != null) {
      throw new IllegalStateException("order " + context().id().key() + " exists already");
    }
    if (amountCents <= 0) {
      throw new IllegalArgumentException("amount must be positive, was " + amountCents);
    }
    state = new OrderState(OrderStatus.CREATED, amountCents);
  }

  @Override
  public void pay(long paidCents) {
    require(OrderStatus.CREATED, "pay");
    if (paidCents != state.amountCents()) {
      throw new IllegalArgumentException(
          "payment " + paidCents + " does not match the amount " + state.amountCents());
    }
    state = new OrderState(OrderStatus.PAID, state.amountCents());
  }

  // docs:start ship
  @Override
  public void ship() {
    require(OrderStatus.PAID, "ship");
    state = new OrderState(OrderStatus.SHIPPED, state.amountCents());
  }

  @Override
  public OrderStatus status() {
    if (state == null) {
      throw new IllegalStateException("order " + context().id().key() + " was never created");
    }
    return state.status();
  }

  private void require(OrderStatus expected, String operation) {
    if (state == null) {
      throw new IllegalStateException("cannot " + operation + ": the order was never created");
    }
    if (state.status() != expected) {
      throw new IllegalStateException(
          "cannot "
              + operation
              + " an order that is "
              + state.status()
              + "; it must be "
              + expected);
    }
  }
  // docs:end ship
}
