package io.durableentities.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario (c-purge) with a small data set: retention purges every finished instance with its
 * history while the (c) loop runs, and the loop goes on after it. Latency is never asserted.
 */
class PurgeLatencySmokeTest {

  @TempDir Path out;
  @TempDir Path scratch;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void retentionPurgesTheWholeHistory_whileSignalsAreServed() throws Exception {
    RunnerOptions options =
        RunnerOptions.defaults()
            .quickSizes()
            .target(out, Set.of("c-purge"))
            .timing(1, Duration.ofMillis(500), Duration.ofMillis(500))
            .sizes(20, 300, 200, 2000);

    Map<String, Double> m = new PurgeLatencyScenario().runOnce(new RunContext(options, scratch));

    assertThat(m.get("historyRows")).isGreaterThanOrEqualTo(2000);
    assertThat(m.get("instances")).isPositive();
    assertThat(m.get("historyLeft")).as("every finished instance's history purged").isZero();
    assertThat(m.get("purgeSeconds")).isFinite().isPositive();
    assertThat(m.get("after.p99")).as("signals served after the purge").isFinite().isPositive();
  }
}
