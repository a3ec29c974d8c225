package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock whose holder no longer exists (as a store written by another version can hold): the
 * dashboard flags it as orphaned, and its clean action releases it.
 */
class DashboardOrphanedLockTest {

  @TempDir Path dataDir;

  @Test
  void orphanedLock_isFlagged_andReleasedByCleanEntityStorage() throws Exception {
    SchedulerOptions options =
        SchedulerOptions.newBuilder().dataDir(dataDir).dashboardPort(0).build();
    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(options);
        TestWorker worker =
            new TestWorker(
                SchedulerHarness.channel(scheduler.port()),
                null,
                GetWorkItemsRequest.getDefaultInstance())) {
      var channel = SchedulerHarness.channel(scheduler.port());
      TaskHubSidecarServiceGrpc.newBlockingStub(channel)
          .signalEntity(SchedulerHarness.signalRequest("@acct@a", "deposit", "7"));
      worker.complete(SchedulerHarness.resultAll(worker.nextEntity(), "7").build());
      channel.shutdownNow();
    }
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve("scheduler.db").toAbsolutePath());
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE entities SET locked_by = 'gone', lock_critical_section = 'cs-1'"
              + " WHERE instance_id = '@acct@a'");
    }

    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(options)) {
      DashboardHttp http = new DashboardHttp(scheduler.dashboardPort().orElseThrow());

      JsonNode before = http.get("/api/locks").body();
      DashboardHttp.Answer clean = http.act("clean-entity-storage", Map.of());
      JsonNode after = http.get("/api/locks").body();
      JsonNode entity = http.get("/api/entities/%40acct%40a").body();

      JsonNode lock = before.get("held").get(0);
      assertThat(lock.get("holder").asText()).isEqualTo("gone");
      assertThat(lock.get("criticalSectionId").asText()).isEqualTo("cs-1");
      assertThat(lock.get("holderRunning").asBoolean()).isFalse();
      assertThat(lock.get("holderStatus").isNull()).isTrue();
      assertThat(lock.get("grantedAt").isNull()).isTrue();
      assertThat(clean.body().get("orphanedLocksReleased").asInt()).isEqualTo(1);
      assertThat(after.get("held")).isEmpty();
      assertThat(entity.get("lock").isNull()).isTrue();
      assertThat(entity.get("entity").get("serializedState").asText()).isEqualTo("7");
    }
  }
}
