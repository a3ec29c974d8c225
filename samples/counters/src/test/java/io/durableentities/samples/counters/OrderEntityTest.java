package io.durableentities.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
import org.junit.jupiter.api.Test;

class OrderEntityTest {

  private final EntityTester<OrderState> order = EntityTester.of(OrderEntity::new, "o-1");

  @Test
  void happyPath_goesCreatedPaidShipped() {
    order.call("create", 990L);
    order.call("pay", 990L);
    order.call("ship");

    assertThat(order.call("status", null, OrderStatus.class)).isEqualTo(OrderStatus.SHIPPED);
  }

  @Test
  void ship_beforePay_failsAndLeavesStateUnchanged() {
    order.call("create", 990L);

    assertThatThrownBy(() -> order.call("ship"))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("cannot ship an order that is CREATED");
    assertThat(order.state()).isEqualTo(new OrderState(OrderStatus.CREATED, 990));
  }

  @Test
  void pay_wrongAmount_fails() {
    order.call("create", 990L);

    assertThatThrownBy(() -> order.call("pay", 10L))
        .hasMessageContaining("payment 10 does not match the amount 990");
    assertThat(order.state().status()).isEqualTo(OrderStatus.CREATED);
  }

  @Test
  void create_twice_fails() {
    order.call("create", 5L);

    assertThatThrownBy(() -> order.call("create", 6L)).hasMessageContaining("exists already");
    assertThat(order.state().amountCents()).isEqualTo(5);
  }
}
