package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.operations;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static io.durableentities.scheduler.SchedulerHarness.signalRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.SignalEntityRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 3: the dedup log and the queues without their index, and data kept across it. */
class SchemaMigrationTest {

  @TempDir Path dataDir;

  private SchedulerHarness start() {
    return new SchedulerHarness(b -> b.dataDir(dataDir));
  }

  private Connection db() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
  }

  /**
   * Turns a new (empty) database back into the version 2 layout (as released): the keyed dedup
   * table with its time index, the index of the message log, entities in a rowid table.
   */
  static void downgradeToVersion2(Statement s) throws SQLException {
    s.execute("DROP TABLE backlog");
    s.execute("ALTER TABLE messages DROP COLUMN trace_context");
    s.execute("DROP INDEX instances_active");
    s.execute("DROP INDEX instances_finished");
    s.execute("DROP INDEX instances_by_parent");
    s.execute("DROP TABLE dedup_log");
    s.execute("DROP TABLE consumed_messages");
    s.execute("DROP TABLE entities");
    s.execute(
        "CREATE TABLE entities (hub TEXT NOT NULL, instance_id TEXT NOT NULL, state TEXT,"
            + " locked_by TEXT, lock_critical_section TEXT, last_modified INTEGER NOT NULL,"
            + " PRIMARY KEY (hub, instance_id))");
    s.execute(
        "CREATE TABLE dedup (hub TEXT NOT NULL, instance_id TEXT NOT NULL,"
            + " request_id TEXT NOT NULL, seen_at INTEGER NOT NULL,"
            + " PRIMARY KEY (hub, instance_id, request_id)) WITHOUT ROWID");
    s.execute("CREATE INDEX dedup_by_time ON dedup (seen_at)");
    s.execute("CREATE INDEX messages_by_entity ON messages (hub, instance_id, id)");
    s.execute("PRAGMA user_version = 2");
  }

  @Test
  void migrationFromVersion2_keepsStateQueuedSignalsAndSeenRequestIds() throws Exception {
    String seen = UUID.randomUUID().toString();
    long now;
    try (SchedulerHarness h = start()) {
      now = h.clock.millis();
    }
    try (Connection c = db();
        Statement s = c.createStatement()) {
      downgradeToVersion2(s);
      StorageTest.insertEntity(c, "@counter@a", "5", null);
      StorageTest.insertSignal(c, 7, "@counter@a", "add");
      StorageTest.insertSignal(c, 9, "@counter@b", "reset");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO dedup (hub, instance_id, request_id, seen_at)"
                  + " VALUES ('default', ?, ?, ?)")) {
        ps.setString(1, "@counter@a");
        ps.setString(2, seen);
        ps.setLong(3, now);
        ps.executeUpdate();
        ps.setString(1, "@counter@a");
        ps.setString(2, UUID.randomUUID().toString());
        ps.setLong(3, now - 1);
        ps.executeUpdate();
      }
    }

    try (SchedulerHarness h = start()) {
      assertThat(h.get("@counter@a").getEntity().getSerializedState().getValue()).isEqualTo("5");
      h.client.signalEntity(
          signalRequest("@counter@a", "add", "1").toBuilder().setRequestId(seen).build());
      TestWorker worker = h.worker();
      List<String> delivered = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        var item = worker.next();
        delivered.add(
            item.getEntityRequestV2().getInstanceId() + " " + String.join(",", operations(item)));
        worker.complete(resultAll(item, null).build());
      }
      assertThat(delivered)
          .as("both queued signals survive; the duplicate of a seen request id is dropped")
          .containsExactlyInAnyOrder("@counter@a add", "@counter@b reset");
    }

    try (Connection c = db();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
      try (ResultSet rs =
          s.executeQuery("SELECT request_id, seen_at FROM dedup_log ORDER BY id LIMIT 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(2)).as("oldest first").isEqualTo(now - 1);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM sqlite_schema WHERE name IN"
                  + " ('dedup', 'dedup_by_time', 'messages_by_entity')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void duplicateRequestId_isStillDroppedAfterARestart_andPrunedAfterTheWindow() throws Exception {
    SignalEntityRequest request = signalRequest("@counter@d", "add", "1");
    try (SchedulerHarness h = start()) {
      h.client.signalEntity(request);
      TestWorker worker = h.worker();
      worker.complete(resultAll(worker.next(), "1").build());
    }

    try (SchedulerHarness h = start()) {
      h.client.signalEntity(request);
      h.signal("@sentinel@s", "probe", null);
      TestWorker worker = h.worker();
      var item = worker.next();
      assertThat(item.getEntityRequestV2().getInstanceId())
          .as("the request id seen before the restart is still a duplicate")
          .isEqualTo("@sentinel@s");
      worker.complete(resultAll(item, null).build());

      h.clock.advance(java.time.Duration.ofMinutes(61));
      h.runMaintenanceNow();
      h.client.signalEntity(request);
      assertThat(operations(worker.next())).containsExactly("add");
    }
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM dedup_log WHERE instance_id = '@counter@d'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("the old row was pruned, the new one recorded").isEqualTo(1);
    }
  }

  @Test
  void newDatabase_uses1KiBPages() throws Exception {
    start().close();
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA page_size")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1024);
    }
  }

  @Test
  void executedMessages_areDeletedLater_andNeverDeliveredAgainAfterARestart() throws Exception {
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      for (int i = 0; i < 3; i++) {
        h.signal("@counter@x", "add", "1");
        worker.complete(resultAll(worker.next(), String.valueOf(i + 1)).build());
      }
      h.signal("@counter@x", "last", null);
    }
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM consumed_messages")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("recorded as executed, rows not deleted yet").isEqualTo(3);
    }

    try (SchedulerHarness h = start()) {
      assertThat(h.get("@counter@x").getEntity().getSerializedState().getValue()).isEqualTo("3");
      TestWorker worker = h.worker();
      assertThat(operations(worker.next())).containsExactly("last");
    }
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM consumed_messages),"
                    + " (SELECT count(*) FROM messages)")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isZero();
      assertThat(rs.getInt(2)).as("only the last signal, still queued").isEqualTo(1);
    }
  }
}
