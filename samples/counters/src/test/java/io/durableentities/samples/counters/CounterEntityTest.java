package io.durableentities.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityTester;
import org.junit.jupiter.api.Test;

class CounterEntityTest {

  private final EntityTester<Long> counter = EntityTester.of(CounterEntity::new, "c1");

  @Test
  void add_accumulates() {
    counter.call("add", 5L);
    counter.call("add", -2L);

    assertThat(counter.call("get", null, Long.class)).isEqualTo(3L);
  }

  @Test
  void reset_setsZero() {
    counter.withState(41L);

    counter.call("reset");

    assertThat(counter.state()).isZero();
  }

  @Test
  void delete_removesTheState() {
    counter.call("add", 1L);

    counter.call("delete");

    assertThat(counter.exists()).isFalse();
  }
}
