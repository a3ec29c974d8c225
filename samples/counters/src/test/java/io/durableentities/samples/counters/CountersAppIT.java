package io.durableentities.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole counters tour on the in-process embedded scheduler, persisted in SQLite. */
class CountersAppIT {

  @TempDir Path dataDir;

  @Test
  void tour_signalsSchedulesCallsOrchestratesAggregatesAndRejects() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    CountersReport report =
        CountersApp.run(
            new CountersOptions(null, dataDir), new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(report.counterAfterSignals()).isEqualTo(7);
    assertThat(report.counterAfterScheduledSignal()).isEqualTo(17);
    assertThat(report.scheduledSignalLatency())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(CountersApp.SCHEDULED_DELAY_SECONDS));
    assertThat(report.counterAfterOrchestration()).isEqualTo(17 + 1 + 2 + 3);
    long readings = (long) CountersApp.SENDERS * CountersApp.READINGS_PER_SENDER;
    long sum = 0;
    for (int s = 0; s < CountersApp.SENDERS; s++) {
      for (int i = 0; i < CountersApp.READINGS_PER_SENDER; i++) {
        sum += s * 100L + i;
      }
    }
    assertThat(report.aggregate())
        .isEqualTo(
            new Summary(
                readings,
                sum,
                0,
                (CountersApp.SENDERS - 1) * 100L + CountersApp.READINGS_PER_SENDER - 1));
    assertThat(report.rejectedTransition())
        .isEqualTo("IllegalStateException: cannot ship an order that is CREATED; it must be PAID");
    assertThat(report.statusAfterRejection()).isEqualTo(OrderStatus.CREATED);
    assertThat(report.finalStatus()).isEqualTo(OrderStatus.SHIPPED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("embedded, data in " + dataDir.toAbsolutePath().normalize())
        .contains("is still CREATED");
  }

  @Test
  void secondRun_onTheSameDataDir_usesNewKeys_andSeesTheSameResults() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CountersApp.run(new CountersOptions(null, dataDir), quiet);

    CountersReport second = CountersApp.run(new CountersOptions(null, dataDir), quiet);

    assertThat(second.counterAfterOrchestration()).isEqualTo(23);
    assertThat(second.finalStatus()).isEqualTo(OrderStatus.SHIPPED);
  }
}
