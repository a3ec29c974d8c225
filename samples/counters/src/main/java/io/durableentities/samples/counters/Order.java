package io.durableentities.samples.counters;

/**
 * An order as a state machine entity: created, then paid, then shipped.
 *
 * <p>An operation that is not valid in the current status fails with {@link IllegalStateException};
 * the entity runtime rolls it back, so the order is unchanged.
 */
public interface Order {

  /**
   * Creates the order.
   *
   * @param amountCents what the order costs
   */
  void create(long amountCents);

  /**
   * Pays the order; valid only when created.
   *
   * @param paidCents the payment, which must equal the amount
   */
  void pay(long paidCents);

  /** Ships the order; valid only when paid. */
  void ship();

  /**
   * Reads the status.
   *
   * @return the current status
   */
  OrderStatus status();
}
