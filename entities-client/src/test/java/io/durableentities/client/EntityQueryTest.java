package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntityQueryTest {

  @Test
  void defaults_includeStateNotTransientNoPageSize() {
    EntityQuery query = EntityQuery.all();

    assertThat(query.includeState()).isTrue();
    assertThat(query.includeTransient()).isFalse();
    assertThat(query.pageSize()).isEmpty();
    assertThat(query.instanceIdStartsWith()).isEmpty();
  }

  @Test
  void instanceIdStartsWith_prependsAtAndLowerCasesNamePartOnly() {
    assertThat(prefix("Account")).isEqualTo("@account");
    assertThat(prefix("@Account@Key")).isEqualTo("@account@Key");
    assertThat(prefix("Account@K@x")).isEqualTo("@account@K@x");
    assertThat(EntityQuery.newBuilder().instanceIdStartsWith("").build().instanceIdStartsWith())
        .isEmpty();
  }

  private static String prefix(String prefix) {
    return EntityQuery.newBuilder()
        .instanceIdStartsWith(prefix)
        .build()
        .instanceIdStartsWith()
        .orElseThrow();
  }

  @Test
  void build_rejectsNonPositivePageSizeAndReversedRange() {
    assertThatThrownBy(() -> EntityQuery.newBuilder().pageSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageSize");
    assertThatThrownBy(
            () ->
                EntityQuery.newBuilder()
                    .lastModifiedFrom(Instant.parse("2026-02-01T00:00:00Z"))
                    .lastModifiedTo(Instant.parse("2026-01-01T00:00:00Z"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before lastModifiedFrom");
  }

  @Test
  void toBuilder_copiesEverything() {
    EntityQuery query =
        EntityQuery.newBuilder()
            .instanceIdStartsWith("a")
            .includeState(false)
            .includeTransient(true)
            .pageSize(3)
            .lastModifiedFrom(Instant.EPOCH)
            .build();

    assertThat(query.toBuilder().build()).isEqualTo(query);
  }
}
