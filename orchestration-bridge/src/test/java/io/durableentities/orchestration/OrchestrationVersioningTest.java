package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.orchestration.OrchestrationVersioning.FailureStrategy;
import io.durableentities.orchestration.OrchestrationVersioning.MatchStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The version order and the match rules of {@link OrchestrationVersioning}. */
class OrchestrationVersioningTest {

  @ParameterizedTest(name = "compare({0}, {1}) has the sign of {2}")
  @CsvSource({
    "'', '', 0",
    "'', 1.0, -1",
    "1.0, '', 1",
    "1.0, 1.0, 0",
    "1, 1.0.0, 0",
    "1.2, 1.10, -1",
    "10.0, 9.9, 1",
    "2.0, 10.0, -1",
    "1.0-beta, 1.0-alpha, 1",
    "ABC, abc, 0",
    "v2, v10, 1"
  })
  void compare_ordersVersionsAsTheSdksDo(String a, String b, int sign) {
    assertThat(Integer.signum(OrchestrationVersioning.compare(a, b))).isEqualTo(sign);
  }

  @Test
  void none_runsEveryVersion() {
    OrchestrationVersioning none = OrchestrationVersioning.none();

    assertThat(none.mismatch("")).isEmpty();
    assertThat(none.mismatch("99.0")).isEmpty();
  }

  @Test
  void strict_runsOnlyTheWorkersVersion() {
    OrchestrationVersioning strict = versioning("2.0", MatchStrategy.STRICT);

    assertThat(strict.mismatch("2.0")).isEmpty();
    assertThat(strict.mismatch("2.0.0")).as("the same version, written longer").isEmpty();
    assertThat(strict.mismatch("1.0")).hasValueSatisfying(m -> assertThat(m).contains("'1.0'"));
    assertThat(strict.mismatch("3.0")).isPresent();
    assertThat(strict.mismatch(""))
        .hasValueSatisfying(m -> assertThat(m).contains("(none)").contains("'2.0'"));
  }

  @Test
  void currentOrOlder_runsTheWorkersVersionAndOlderOnes() {
    OrchestrationVersioning current = versioning("2.0", MatchStrategy.CURRENT_OR_OLDER);

    assertThat(current.mismatch("2.0")).isEmpty();
    assertThat(current.mismatch("1.5")).isEmpty();
    assertThat(current.mismatch("")).as("no version is older than any").isEmpty();
    assertThat(current.mismatch("2.1"))
        .hasValueSatisfying(m -> assertThat(m).contains("newer").contains("'2.1'"));
  }

  @Test
  void build_aMatchStrategyWithoutVersion_namesTheFix() {
    assertThatThrownBy(
            () -> OrchestrationVersioning.newBuilder().matchStrategy(MatchStrategy.STRICT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STRICT")
        .hasMessageContaining(".version(");
  }

  @Test
  void builder_blankVersions_areRejected() {
    assertThatThrownBy(() -> OrchestrationVersioning.newBuilder().version(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OrchestrationVersioning.newBuilder().defaultVersion(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskOptions.newBuilder().version(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScheduleOptions.newBuilder().version(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaults_rejectMismatchesAndGiveSubOrchestrationsNoVersion() {
    OrchestrationVersioning defaults = OrchestrationVersioning.newBuilder().build();

    assertThat(defaults.matchStrategy()).isEqualTo(MatchStrategy.NONE);
    assertThat(defaults.failureStrategy()).isEqualTo(FailureStrategy.REJECT);
    assertThat(defaults.defaultVersion()).isEmpty();
    assertThat(defaults.toBuilder().version("1").build().version()).isEqualTo("1");
  }

  private static OrchestrationVersioning versioning(String version, MatchStrategy match) {
    return OrchestrationVersioning.newBuilder().version(version).matchStrategy(match).build();
  }
}
