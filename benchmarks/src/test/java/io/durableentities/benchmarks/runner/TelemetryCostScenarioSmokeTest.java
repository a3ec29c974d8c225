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
 * The telemetry cost scenarios with tiny sizes: each repetition runs its scenario without and with
 * the SDK, both apply operations, the SDK's run exports spans (so the product really traced), and
 * the CPU figures of both are there. Speed is never asserted.
 */
class TelemetryCostScenarioSmokeTest {

  @TempDir Path out;
  @TempDir Path scratch;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void signalsAndOrchestrations_runWithoutAndWithTheSdk() throws Exception {
    RunnerOptions options =
        RunnerOptions.defaults()
            .quickSizes()
            .target(out, Set.of("a-otel", "d-otel"))
            .timing(1, Duration.ofMillis(200), Duration.ofMillis(500))
            .sizes(20, 300, 200, 2000)
            .inFlight(10, 5);
    RunContext context = new RunContext(options, scratch);

    Map<String, Double> signals = TelemetryCostScenario.signals().runOnce(context);
    Map<String, Double> orchestrations = TelemetryCostScenario.orchestrations().runOnce(context);

    assertThat(signals.get("off.total")).isPositive();
    assertThat(signals.get("on.total")).isPositive();
    assertThat(signals.get("spansPerOp"))
        .as("client, scheduler and worker spans per signal")
        .isGreaterThanOrEqualTo(3.0);
    assertThat(signals).containsKeys("off.cpu", "on.cpu", "cpuDelta", "rateRatio");
    assertThat(orchestrations.get("off.total")).isPositive();
    assertThat(orchestrations.get("on.total")).isPositive();
    assertThat(orchestrations.get("spansPerOp")).isPositive();
    assertThat(orchestrations).containsKeys("off.cpu", "on.cpu", "cpuDelta");
  }
}
