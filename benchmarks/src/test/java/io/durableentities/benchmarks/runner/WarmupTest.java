package io.durableentities.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class WarmupTest {

  @Test
  void withoutAJitWait_theWarmupIsItsMinimum() throws Exception {
    long start = System.nanoTime();

    Duration extra = new Warmup(Duration.ofMillis(50), Duration.ZERO).run();

    assertThat(extra).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void theJitWait_neverExceedsItsBound() throws Exception {
    Duration waited = JitActivity.settle(Duration.ofMillis(300));

    assertThat(waited).isLessThan(Duration.ofMillis(300 + 1000));
  }

  @Test
  void theJitWait_isAnOption_offForQuickRuns() {
    assertThat(RunnerOptions.parse(List.of()).jitWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RunnerOptions.parse(List.of("--quick")).jitWait()).isZero();
    assertThat(RunnerOptions.parse(List.of("--jit-wait", "2.5")).warmupPhase())
        .isEqualTo(new Warmup(Duration.ofSeconds(5), Duration.ofMillis(2500)));
    assertThatThrownBy(() -> RunnerOptions.parse(List.of("--jit-wait", "-1")))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--jit-wait");
  }
}
