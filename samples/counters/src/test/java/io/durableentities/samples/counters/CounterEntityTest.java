package io.durableentities.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityTester;
import org.junit.jupiter.api.Test;

// docs:start counter-entity-test
class CounterEntityTest {

  private final EntityTester<Long> tester = EntityTester.of(CounterEntity::new, "c1");
  private final Counter counter = tester.proxy(Counter.class);

  @Test
  void add_accumulates() {
    counter.add(5);
    counter.add(-2);

    assertThat(counter.get()).isEqualTo(3);
  }

  @Test
  void reset_setsZero() {
    tester.withState(41L);

    counter.reset();

    assertThat(tester.state()).isZero();
  }

  @Test
  void delete_byName_removesTheState() {
    counter.add(1);

    tester.call("delete");

    assertThat(tester.exists()).isFalse();
  }
}
// docs:end counter-entity-test
