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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 7: a version 6 database with queued messages opens at version 7 with an empty
 * {@code backlog}; the fill copies the keys of the stored messages in pieces by id; the stored
 * messages of one entity that memory lacks are counted, and the entities with some listed, right
 * before, during and after the fill (the part not filled is read from the log), in a snapshot of
 * when the count began; and the count is a range of the table's key, not a scan of the log.
 */
class BacklogTableTest {

  private static final String HUB = "default";
  private static final String A = "@counter@a";
  private static final String B = "@counter@b";

  @TempDir Path dataDir;

  private Connection open() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Store.DB_FILE));
  }

  private static void insert(Statement s, long id, String instanceId) throws Exception {
    s.execute(
        "INSERT INTO messages (id, hub, instance_id, request_id, kind, event, due_at, enqueued_at)"
            + " VALUES ("
            + id
            + ", '"
            + HUB
            + "', '"
            + instanceId
            + "', 'r"
            + id
            + "', 0, x'00', 0, 0)");
  }

  private static List<String> plan(Connection c, String sql, int parameters) throws Exception {
    List<String> plan = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 1; i <= parameters; i++) {
        p.setString(i, "x");
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          plan.add(rs.getString("detail"));
        }
      }
    }
    return plan;
  }

  /** A version 6 database holding messages 1..10, even ids for A and odd ones for B. */
  private void version6WithTenMessages() throws Exception {
    Store.open(dataDir, StoreOptions.DEFAULT).close();
    try (Connection c = open();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE backlog");
      s.execute("PRAGMA user_version = 6");
      for (long id = 1; id <= 10; id++) {
        insert(s, id, id % 2 == 0 ? A : B);
      }
    }
  }

  @Test
  void aVersion6Database_migrates_andItsQueuesAreCountedAndListed_throughTheFill()
      throws Exception {
    version6WithTenMessages();

    try (Store store = Store.open(dataDir, StoreOptions.DEFAULT);
        StoreReader reader = StoreReader.of(dataDir.resolve(Store.DB_FILE).toString())) {
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
        s.execute("INSERT INTO consumed_messages (id) VALUES (4)"); // executed, not deleted yet
      }
      // Memory lacks every stored message (cursor 0) up to 10; nothing copied yet.
      assertCounts(reader, new BacklogSpan(0, 0, 10));

      // A first piece: ids 1..5.
      assertThat(store.entities().backlogFillEnd(0, 10, 5)).isEqualTo(5);
      Map<String, Map<String, Long>> firstPiece = store.entities().fillBacklog(0, 5);
      store.commit();
      assertThat(firstPiece).isEqualTo(Map.of(HUB, Map.of("counter", 4L)));
      assertCounts(reader, new BacklogSpan(0, 5, 10));

      // The rest, and the pager has read 1..6 (their keys deleted with the read).
      assertThat(store.entities().fillBacklog(5, 10)).isEqualTo(Map.of(HUB, Map.of("counter", 5L)));
      for (long id = 1; id <= 6; id++) {
        store.entities().deleteBacklog(HUB, id % 2 == 0 ? A : B, id);
      }
      store.commit();
      BacklogSpan filled = new BacklogSpan(6, 10, 10);
      assertThat(filled.filling()).isFalse();
      assertThat(count(reader, A, filled)).as("8, 10").isEqualTo(2);
      assertThat(count(reader, B, filled)).as("7, 9").isEqualTo(2);
      assertThat(store.entities().lackingQueued(HUB, List.of(A, B, "@counter@c"), filled))
          .isEqualTo(Set.of(A, B));

      // A snapshot counts what was committed when it began (GetEntity begins it under the lock).
      try (StoreReader.Snapshot before = reader.snapshot()) {
        store.entities().deleteBacklog(HUB, A, 8); // the pager read 8 meanwhile
        store.commit();
        assertThat(before.queuedAfter(HUB, A, filled)).as("as when it began").isEqualTo(2);
      }
      assertThat(count(reader, A, filled)).isEqualTo(1);
    }
  }

  private static int count(StoreReader reader, String instanceId, BacklogSpan span)
      throws Exception {
    try (StoreReader.Snapshot snapshot = reader.snapshot()) {
      return snapshot.queuedAfter(HUB, instanceId, span);
    }
  }

  /** Before the pager read anything: A has 2, 6, 8, 10 (4 was executed), B the five odd ids. */
  private void assertCounts(StoreReader reader, BacklogSpan span) throws Exception {
    assertThat(count(reader, A, span)).as("2, 6, 8, 10").isEqualTo(4);
    assertThat(count(reader, B, span)).isEqualTo(5);
    assertThat(count(reader, "@counter@c", span)).isZero();
    try (StoreReader.Snapshot snapshot = reader.snapshot()) {
      assertThat(snapshot.queuedAfter(HUB, List.of(A, B, "@counter@c"), span))
          .isEqualTo(Map.of(A, 4, B, 5));
    }
    assertThat(reader.queuedEntities(HUB, "@", true, 10, span)).containsExactly(A, B);
    assertThat(reader.queuedEntities(HUB, A, false, 10, span)).containsExactly(B);
    assertThat(reader.queuedEntities(HUB, "@", true, 1, span)).containsExactly(A);
  }

  @Test
  void oneEntitysCount_isARangeOfTheTablesKey_notAScanOfTheLog() throws Exception {
    Store.open(dataDir, StoreOptions.DEFAULT).close();
    try (Connection c = open()) {
      String count = String.join("\n", plan(c, BacklogRows.COUNT, 9));

      assertThat(count)
          .as("the entity's keys")
          .contains("SEARCH backlog USING PRIMARY KEY (hub=? AND instance_id=? AND id>?)")
          .as("the part not filled: a range of the log's ids")
          .contains("SEARCH messages USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)")
          .doesNotContain("SCAN backlog")
          .doesNotContain("SCAN messages");
    }
  }
}
