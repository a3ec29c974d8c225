package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;
import org.junit.jupiter.api.Test;

/** The entities page's identity example. */
class EntityIdExampleTest {

  @Test
  void ids_areLowerCasedNames_andKeysAsGiven() {
    // docs:start entity-id
    EntityInstanceId id = EntityInstanceId.of(Counter.class, "c1"); // @counter@c1
    EntityInstanceId same = EntityInstanceId.of(CounterEntity.class, "c1"); // the same name
    EntityInstanceId byName = EntityInstanceId.of("Counter", "c1"); // an explicit name
    EntityInstanceId parsed = EntityInstanceId.parse("@counter@c1");
    // docs:end entity-id

    assertThat(id).isEqualTo(same).isEqualTo(byName).isEqualTo(parsed);
    assertThat(id.toString()).isEqualTo("@counter@c1");
  }
}
