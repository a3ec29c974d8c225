package io.durableentities.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
import org.junit.jupiter.api.Test;

class AggregatorEntityTest {

  private final EntityTester<Summary> tester = EntityTester.of(AggregatorEntity::new, "sensors");
  private final Aggregator aggregator = tester.proxy(Aggregator.class);

  @Test
  void summary_beforeAnyReading_isEmpty() {
    assertThat(aggregator.summary()).isEqualTo(Summary.EMPTY);
    assertThat(aggregator.summary().average()).isZero();
  }

  @Test
  void report_keepsCountSumMinAndMax() {
    aggregator.report(7);
    aggregator.report(-3);
    aggregator.report(12);

    assertThat(aggregator.summary()).isEqualTo(new Summary(3, 16, -3, 12));
    assertThat(tester.state().average()).isEqualTo(16.0 / 3);
  }

  @Test
  void reset_forgetsEveryReading() {
    aggregator.report(1);

    aggregator.reset();

    assertThat(tester.state()).isEqualTo(Summary.EMPTY);
  }

  @Test
  void report_thatOverflowsTheSum_failsAndKeepsTheSummary() {
    tester.withState(new Summary(1, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));

    assertThatThrownBy(() -> aggregator.report(1))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("ArithmeticException");

    assertThat(tester.state().count()).isEqualTo(1);
  }
}
