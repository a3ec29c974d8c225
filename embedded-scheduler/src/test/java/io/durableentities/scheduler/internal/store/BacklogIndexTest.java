package io.durableentities.scheduler.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 7: the stored messages of one entity are counted through {@code
 * messages_by_entity} (in that entity's messages, not the whole backlog), and a version 6 database
 * migrates with its queued messages and gets the index.
 */
class BacklogIndexTest {

  @TempDir Path dataDir;

  private Connection open() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Store.DB_FILE));
  }

  private static void insert(Statement s, long id, String instanceId) throws Exception {
    s.execute(
        "INSERT INTO messages (id, hub, instance_id, request_id, kind, event, due_at, enqueued_at)"
            + " VALUES ("
            + id
            + ", 'default', '"
            + instanceId
            + "', 'r"
            + id
            + "', 0, x'00', 0, 0)");
  }

  private static List<String> plan(Connection c, String sql) throws Exception {
    List<String> plan = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      p.setString(1, "default");
      p.setString(2, "@counter@a");
      p.setLong(3, 0);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          plan.add(rs.getString("detail"));
        }
      }
    }
    return plan;
  }

  @Test
  void aVersion6Database_migrates_keepingItsQueue_andCountsOneEntityThroughTheIndex()
      throws Exception {
    Store.open(dataDir, StoreOptions.DEFAULT).close();
    try (Connection c = open();
        Statement s = c.createStatement()) {
      // The version 6 layout: the log without an index by entity.
      s.execute("DROP INDEX messages_by_entity");
      s.execute("PRAGMA user_version = 6");
      for (long id = 1; id <= 10; id++) {
        insert(s, id, id % 2 == 0 ? "@counter@a" : "@counter@b");
      }
    }

    Store.open(dataDir, StoreOptions.DEFAULT).close();

    try (Connection c = open();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(7).isEqualTo(Schema.CURRENT_VERSION);
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
        rs.next();
        assertThat(rs.getInt(1)).as("the queued messages survive the migration").isEqualTo(10);
      }
      assertThat(String.join("\n", plan(c, StoreReader.QUEUED_AFTER)))
          .as("one entity's messages are a range of the index, not a scan of the log")
          .contains("USING COVERING INDEX messages_by_entity (hub=? AND instance_id=? AND id>?)")
          .doesNotContain("SCAN messages");
      s.execute("INSERT INTO consumed_messages (id) VALUES (4)");
    }
    try (StoreReader reader = StoreReader.of(dataDir.resolve(Store.DB_FILE).toString())) {
      assertThat(reader.queuedAfter("default", "@counter@a", 0))
          .as("2, 6, 8, 10: the executed 4 is not queued")
          .isEqualTo(4);
      assertThat(reader.queuedAfter("default", "@counter@a", 6)).isEqualTo(2);
      assertThat(reader.queuedAfter("default", "@counter@c", 0)).isZero();
      assertThat(reader.queuedAfter("default", List.of("@counter@a", "@counter@b"), 5))
          .isEqualTo(Map.of("@counter@a", 3, "@counter@b", 2));
    }
  }
}
