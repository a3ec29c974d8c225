package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.scheduler.internal.engine.orchestration.InstancePurger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code PurgeInstances} larger than one writer turn ({@link InstancePurger#ROWS_PER_TURN} rows)
 * runs as several turns, each queued behind the work that arrived meanwhile: a request queued
 * together with the purge is answered before the purge ends (a purge in one turn would answer
 * first: it comes first in the group).
 */
class PurgeTurnsTest {

  @TempDir Path dataDir;

  /** A completed instance with {@code rows} history rows, written behind the engine's back. */
  private static void storeFinished(EngineDriver d, String instanceId, int rows)
      throws SQLException {
    try (Connection c = d.sql()) {
      c.setAutoCommit(false);
      try (PreparedStatement i =
              c.prepareStatement(
                  "INSERT INTO instances (hub, instance_id, execution_id, name, status,"
                      + " created_at, last_updated, completed_at) VALUES (?, ?, 'e1', 'Long', 1,"
                      + " 1, 1, 1)");
          PreparedStatement hist =
              c.prepareStatement(
                  "INSERT INTO history (hub, instance_id, execution_id, seq, event)"
                      + " VALUES (?, ?, 'e1', ?, ?)")) {
        i.setString(1, HUB);
        i.setString(2, instanceId);
        i.executeUpdate();
        byte[] event = HistoryEvent.newBuilder().setEventId(1).build().toByteArray();
        for (int seq = 0; seq < rows; seq++) {
          hist.setString(1, HUB);
          hist.setString(2, instanceId);
          hist.setInt(3, seq);
          hist.setBytes(4, event);
          hist.addBatch();
        }
        hist.executeBatch();
      }
      c.commit();
    }
  }

  private static long count(EngineDriver d, String sql) throws SQLException {
    try (Connection c = d.sql();
        PreparedStatement p = c.prepareStatement(sql);
        ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aRequestQueuedWithALongPurge_isAnsweredBeforeThePurgeEnds() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      d.facade().signal(HUB, signal("@counter@c", "add", guid())).get(); // the hub is in use
      storeFinished(d, "long", 3 * InstancePurger.ROWS_PER_TURN);
      List<String> answered = Collections.synchronizedList(new ArrayList<>());

      List<CompletableFuture<?>> futures =
          d.queuedTogether(
              List.of(
                  () ->
                      d.facade()
                          .purge(
                              HUB, PurgeInstancesRequest.newBuilder().setInstanceId("long").build())
                          .whenComplete((r, e) -> answered.add("purge")),
                  () ->
                      d.facade()
                          .signal(HUB, signal("@counter@c", "add", guid()))
                          .whenComplete((r, e) -> answered.add("signal"))));
      PurgeInstancesResponse purged =
          (PurgeInstancesResponse) futures.get(0).get(20, TimeUnit.SECONDS);
      futures.get(1).get(20, TimeUnit.SECONDS);

      assertThat(purged.getDeletedInstanceCount()).as("answered %s", answered).isEqualTo(1);
      assertThat(answered).containsExactly("signal", "purge");
      assertThat(purged.getDeletedInstanceCount()).isEqualTo(1);
      assertThat(count(d, "SELECT count(*) FROM history")).isZero();
      assertThat(count(d, "SELECT count(*) FROM instances")).isZero();
    }
  }
}
