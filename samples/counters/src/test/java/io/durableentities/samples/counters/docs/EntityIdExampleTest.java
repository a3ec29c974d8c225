package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityInstanceId;
import org.junit.jupiter.api.Test;

/** The entities page's identity example. */
class EntityIdExampleTest {

  @Test
  void ids_areLowerCasedNames_andKeysAsGiven() {
    // docs:start entity-id
    EntityInstanceId id = EntityInstanceId.of("Account", "acct-1"); // @account@acct-1
    EntityInstanceId same = EntityInstanceId.parse("@account@acct-1");
    // docs:end entity-id

    assertThat(id).isEqualTo(same);
    assertThat(id.toString()).isEqualTo("@account@acct-1");
  }
}
