package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;
import io.durableentities.samples.counters.Order;
import io.durableentities.samples.counters.OrderEntity;
import io.durableentities.samples.counters.OrderState;
import io.durableentities.samples.counters.OrderStatus;
import org.junit.jupiter.api.Test;

/** The testing page's examples. */
class TestingExampleTest {

  @Test
  void tester_runsOperations_typedOrByName() {
    // docs:start tester
    EntityTester<Long> counter =
        EntityTester.of(CounterEntity::new, "c1") // id @counter@c1
            .withState(10L); // optional initial state

    Counter proxy = counter.proxy(Counter.class); // typed (needs entities-proxy)
    proxy.add(5); // runs one operation
    long value = proxy.get();
    counter.call("add", -3L); // the same by name
    assertThat(counter.state()).isEqualTo(12L); // the stored state, read back from JSON
    // docs:end tester

    assertThat(value).isEqualTo(15);
  }

  @Test
  void failedOperation_isRolledBack() {
    // docs:start tester-failure
    EntityTester<OrderState> tester = EntityTester.of(OrderEntity::new, "o-1");
    Order order = tester.proxy(Order.class);
    order.create(990);

    assertThatThrownBy(order::ship) // shipping before paying is invalid
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("cannot ship an order that is CREATED");
    assertThat(tester.state().status()).isEqualTo(OrderStatus.CREATED); // unchanged
    assertThat(tester.failures()).hasSize(1);
    // docs:end tester-failure
  }
}
