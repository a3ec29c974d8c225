package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.scheduler.internal.engine.orchestration.InstancePurger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance with more history than one purge turn ({@link InstancePurger#ROWS_PER_TURN} rows) is
 * deleted over several writer turns, newest history first and its instance row last: between turns
 * (and after a restart between them) it is a finished instance that is still purged completely.
 */
class MultiTurnPurgeTest {

  private static final int ROWS = InstancePurger.ROWS_PER_TURN;

  @TempDir Path dataDir;

  private SchedulerHarness startWithRetention() {
    return new SchedulerHarness(
        b -> b.dataDir(dataDir).dashboardPort(0).instanceRetention(Duration.ZERO));
  }

  /**
   * Runs an instance whose one turn creates {@code timers} durable timers and completes it: its
   * history is those timers plus a few events.
   */
  private static void finishWithTimers(SchedulerHarness h, String instanceId, int timers)
      throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start(instanceId, "Long", null).build());
    List<OrchestratorAction> actions = new ArrayList<>();
    Instant later = Instant.parse("2030-01-01T00:00:00Z");
    for (int i = 0; i < timers; i++) {
      actions.add(Orch.timer(i, later));
    }
    actions.add(Orch.complete(timers, "\"done\""));
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), actions.toArray(OrchestratorAction[]::new)).build());
  }

  private long historyRows(String instanceId) throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        PreparedStatement p =
            c.prepareStatement("SELECT count(*) FROM history WHERE instance_id = ?")) {
      p.setString(1, instanceId);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static boolean exists(SchedulerHarness h, String id) {
    return h.client
        .getInstance(GetInstanceRequest.newBuilder().setInstanceId(id).build())
        .getExists();
  }

  @Test
  void retention_deletesALongHistoryOverSeveralRuns_theInstanceRowLast() throws Exception {
    try (SchedulerHarness h = startWithRetention()) {
      h.maintenance.pausePeriodicRuns();
      finishWithTimers(h, "long", 2 * ROWS + 500);
      long before = historyRows("long");
      h.clock.advance(Duration.ofSeconds(1));

      h.runMaintenanceNow();
      long afterOne = historyRows("long");
      boolean existsAfterOne = exists(h, "long");
      h.signal("@counter@between", "add", "1"); // the writer serves requests between runs
      h.runMaintenanceNow();
      long afterTwo = historyRows("long");
      h.runMaintenanceNow();

      assertThat(before).isGreaterThan(2L * ROWS + 500);
      assertThat(afterOne).isEqualTo(before - ROWS);
      assertThat(existsAfterOne).as("the instance row goes last").isTrue();
      assertThat(afterTwo).isEqualTo(before - 2 * ROWS);
      assertThat(historyRows("long")).isZero();
      assertThat(exists(h, "long")).isFalse();
      assertThat(h.get("@counter@between").getExists()).isTrue();
    }
  }

  @Test
  void aPartlyPurgedInstance_isPurgedCompletelyAfterARestart_byRetentionOrByARequest()
      throws Exception {
    try (SchedulerHarness h = startWithRetention()) {
      h.maintenance.pausePeriodicRuns();
      finishWithTimers(h, "by-retention", 2 * ROWS);
      h.clock.advance(Duration.ofSeconds(1));
      h.runMaintenanceNow(); // the first turn of a purge that the restart cuts short
    }
    long leftByTheCut = historyRows("by-retention");
    try (SchedulerHarness h =
        new SchedulerHarness(b -> b.dataDir(dataDir).dashboardPort(0))) { // retention off
      finishWithTimers(h, "by-request", 2 * ROWS);
      var purged =
          h.client.purgeInstances(
              PurgeInstancesRequest.newBuilder().setInstanceId("by-request").build());
      boolean cutExistsWithoutRetention = exists(h, "by-retention");

      assertThat(purged.getDeletedInstanceCount()).isEqualTo(1);
      assertThat(historyRows("by-request")).isZero();
      assertThat(exists(h, "by-request")).isFalse();
      assertThat(cutExistsWithoutRetention).isTrue();
    }
    try (SchedulerHarness h = startWithRetention()) {
      h.maintenance.pausePeriodicRuns();
      h.clock.advance(Duration.ofSeconds(1));
      h.runMaintenanceNow();
      h.runMaintenanceNow();

      assertThat(leftByTheCut).isGreaterThan(0).isLessThan(2L * ROWS);
      assertThat(historyRows("by-retention")).isZero();
      assertThat(exists(h, "by-retention")).isFalse();
    }
  }
}
