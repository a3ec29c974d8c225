package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data ages out by policy: finished instances after {@code instanceRetention}, empty entities. */
class RetentionTest {

  private static boolean exists(SchedulerHarness h, String id) {
    return h.client
        .getInstance(GetInstanceRequest.newBuilder().setInstanceId(id).build())
        .getExists();
  }

  private static void finish(SchedulerHarness h, TestWorker worker, String id) throws Exception {
    h.client.startInstance(start(id, "O", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(0, "\"done\"")).build());
  }

  @Test
  void finishedInstances_arePurged_onceTheyFinishedLongerAgoThanTheRetention() throws Exception {
    try (SchedulerHarness h =
        new SchedulerHarness(b -> b.instanceRetention(Duration.ofMinutes(1)))) {
      TestWorker worker = h.worker();
      finish(h, worker, "done");
      h.client.startInstance(start("running", "O", null).build());
      worker.nextOrchestration();

      h.clock.advance(Duration.ofSeconds(59));
      h.runMaintenanceNow();
      boolean keptWithinRetention = exists(h, "done");
      h.clock.advance(Duration.ofSeconds(2));
      h.runMaintenanceNow();

      assertThat(keptWithinRetention).isTrue();
      assertThat(exists(h, "done")).isFalse();
      assertThat(exists(h, "running")).as("a running instance stays").isTrue();
    }
  }

  @Test
  void purging_takesManyShortInstancesInOneMaintenanceRun() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness(b -> b.instanceRetention(Duration.ZERO))) {
      TestWorker worker = h.worker();
      h.maintenance.pausePeriodicRuns();
      for (int i = 0; i < 50; i++) {
        finish(h, worker, String.format("o%02d", i));
      }
      h.clock.advance(Duration.ofSeconds(1));

      h.runMaintenanceNow();

      assertThat(count(h)).as("50 instances of a few history rows each: within one turn").isZero();
    }
  }

  private static int count(SchedulerHarness h) {
    return h.client
        .queryInstances(
            QueryInstancesRequest.newBuilder()
                .setQuery(InstanceQuery.newBuilder().setMaxInstanceCount(1000))
                .build())
        .getOrchestrationStateCount();
  }

  @Test
  void entityStorage_isCleanedPeriodically_emptyRowsRemoved_orphanedLocksReleased(
      @TempDir Path dataDir) throws Exception {
    SchedulerOptions.Builder options = SchedulerOptions.newBuilder().dataDir(dataDir);
    EmbeddedScheduler.start(options.build()).close();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO entities (hub, instance_id, state, last_modified) VALUES"
              + " ('default', '@n@empty', NULL, 1000)");
      st.executeUpdate(
          "INSERT INTO entities (hub, instance_id, state, locked_by, lock_critical_section,"
              + " last_modified) VALUES ('default', '@n@locked', '1', 'gone', 'cs', 1000)");
    }
    try (EmbeddedScheduler scheduler =
        EmbeddedScheduler.start(options.cleanEntityStorageInterval(Duration.ofHours(1)).build())) {
      ManagedChannel channel = SchedulerHarness.channel(scheduler.port());
      try {
        var client = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
        await()
            .until(
                () ->
                    !client
                        .getEntity(GetEntityRequest.newBuilder().setInstanceId("@n@locked").build())
                        .getEntity()
                        .hasLockedBy());
      } finally {
        channel.shutdownNow();
      }
    }
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT instance_id, state FROM entities")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("@n@locked");
      assertThat(rs.getString(2)).isEqualTo("1");
      assertThat(rs.next()).as("the empty row is gone").isFalse();
    }
  }
}
