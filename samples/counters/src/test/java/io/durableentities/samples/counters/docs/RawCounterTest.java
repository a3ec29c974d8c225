package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
import org.junit.jupiter.api.Test;

class RawCounterTest {

  private final EntityTester<Long> counter =
      EntityTester.of(RawCounter::new, EntityInstanceId.of("rawcounter", "r1"), Long.class);

  @Test
  void add_thenGet() {
    counter.call("add", 4L);
    counter.call("ADD", 3L);

    assertThat(counter.call("get", null, Long.class)).isEqualTo(7);
  }

  @Test
  void delete_isNotImplicit() {
    assertThatThrownBy(() -> counter.call("delete"))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("UnsupportedOperationException");
  }
}
