package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.inputs;
import static io.durableentities.scheduler.SchedulerHarness.signalRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.SignalEntityRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a restart the dedup log goes on after its highest stored row, although only the request ids
 * of the window are read back: a scheduler started again after more than the window (an hour by
 * default) without signals must still store new ones, and the window's ids must still be known.
 */
class DedupRestartTest {

  @TempDir Path dataDir;

  private void ageStoredRequestIds(long seenAt) throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE dedup_log SET seen_at = " + seenAt))
          .as("the request ids stored by the first run")
          .isEqualTo(2);
    }
  }

  @Test
  void signals_afterARestartLaterThanTheWindow_areStoredAndDelivered() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir))) {
      h.signal("@counter@a", "add", "1");
      h.signal("@counter@a", "add", "2");
    }
    ageStoredRequestIds(0);

    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir))) {
      h.signal("@counter@a", "add", "3");
      h.signal("@counter@a", "add", "4");

      assertThat(inputs(h.worker().next())).containsExactly("1", "2", "3", "4");
    }
  }

  @Test
  void requestIdsOfTheWindow_areStillDuplicates_afterARestart() throws Exception {
    SignalEntityRequest first = signalRequest("@counter@d", "add", "1");
    SignalEntityRequest second = signalRequest("@counter@d", "add", "2");
    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir))) {
      h.client.signalEntity(first);
      h.client.signalEntity(second);
    }

    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir))) {
      h.client.signalEntity(second);
      h.client.signalEntity(first);
      h.signal("@counter@d", "add", "3");

      assertThat(inputs(h.worker().next())).containsExactly("1", "2", "3");
    }
  }
}
