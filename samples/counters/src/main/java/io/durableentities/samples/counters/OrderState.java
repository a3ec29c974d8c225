package io.durableentities.samples.counters;

/**
 * The stored state of an {@link Order}.
 *
 * @param status where the order is in its life cycle
 * @param amountCents what it costs
 */
public record OrderState(OrderStatus status, long amountCents) {}
