package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.scheduler.internal.engine.load.DedupPreload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a restart the writer reads the dedup window ahead of its first work, a chunk at a time
 * ({@link DedupPreload}): a duplicate of a request id from any chunk is still caught, and a new id
 * still gets a row after the highest stored one.
 */
class DedupPreloadTest {

  private static final int STORED = 25_000; // more than two chunks

  @TempDir Path dataDir;

  /** The request id (a GUID) numbered {@code n}. */
  private static String id(long n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }

  @Test
  void aWindowOfSeveralChunks_catchesADuplicateFromEachChunk_afterARestart() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      d.facade().signal(HUB, signal("@counter@c", "add", id(999_999))).get();
      try (Connection c = d.sql()) {
        String hub;
        String instanceId;
        long maxId;
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT hub, instance_id, id FROM dedup_log")) {
          rs.next();
          hub = rs.getString(1);
          instanceId = rs.getString(2);
          maxId = rs.getLong(3);
        }
        c.setAutoCommit(false);
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO dedup_log (id, hub, instance_id, request_id, seen_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
          long now = System.currentTimeMillis();
          for (int i = 0; i < STORED; i++) {
            p.setLong(1, maxId + 1 + i);
            p.setString(2, hub);
            p.setString(3, instanceId);
            p.setString(4, id(i));
            p.setLong(5, now);
            p.addBatch();
          }
          p.executeBatch();
        }
        c.commit();
      }
      d.restart();

      for (long duplicate : new long[] {999_999, 0, 12_345, STORED - 1}) {
        d.facade().signal(HUB, signal("@counter@c", "add", id(duplicate))).get();
      }
      d.facade().signal(HUB, signal("@counter@c", "add", id(1_000_000))).get();

      assertThat(d.facade().entity(HUB, "@counter@c").queueSize())
          .as("the first signal and the new one; every stored id is a duplicate")
          .isEqualTo(2);
      try (Connection c = d.sql();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT id > (SELECT max(id) FROM dedup_log WHERE request_id <> '"
                      + id(1_000_000)
                      + "') FROM dedup_log WHERE request_id = '"
                      + id(1_000_000)
                      + "'")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("the new id's row comes after the stored ones").isTrue();
      }
    }
  }
}
