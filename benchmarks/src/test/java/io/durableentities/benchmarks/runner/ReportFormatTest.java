package io.durableentities.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportFormatTest {

  @Test
  void formatsEachUnit() {
    assertThat(Report.format(12_345, "/s")).isEqualTo("12.3 K/s");
    assertThat(Report.format(38.46, "us")).isEqualTo("38.5 us");
    assertThat(Report.format(1234, "B")).isEqualTo("1,234 B");
    assertThat(Report.format(0.2749, "ratio")).isEqualTo("0.27");
    assertThat(Report.format(1906, "")).isEqualTo("1,906");
    assertThat(Report.format(Double.NaN, "ratio")).isEqualTo("n/a");
  }
}
