package io.durableentities.samples.counters;

/** The life cycle of an {@link Order}. */
public enum OrderStatus {
  /** Created, not paid yet. */
  CREATED,
  /** Paid, not shipped yet. */
  PAID,
  /** Shipped: the final state. */
  SHIPPED
}
