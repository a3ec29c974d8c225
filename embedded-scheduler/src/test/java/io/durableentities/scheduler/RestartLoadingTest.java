package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up rebuilds the entities of every hub from their rows, whatever the order of their ids
 * (SQLite's binary order and Java's string order differ above U+FFFF), with their locks.
 */
class RestartLoadingTest {

  @TempDir Path dataDir;

  /** In SQLite's order U+E000 sorts before U+1F600; in Java's (UTF-16) order it sorts after. */
  private static final List<String> IDS =
      List.of("@c@a", "@c@b", "@c@\uE000", "@c@\uD83D\uDE00", "@c@z");

  private void insert(Connection c, String hub, String id, String state, String lockedBy)
      throws Exception {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO entities (hub, instance_id, state, locked_by, lock_critical_section,"
                + " last_modified) VALUES (?, ?, ?, ?, ?, 0)")) {
      p.setString(1, hub);
      p.setString(2, id);
      p.setString(3, state);
      p.setString(4, lockedBy);
      p.setString(5, lockedBy == null ? null : "cs-1");
      p.executeUpdate();
    }
  }

  @Test
  void entitiesOfSeveralHubs_inAnyIdOrder_withTheirLocks_areServedAfterAStart() throws Exception {
    SchedulerOptions options = SchedulerOptions.newBuilder().dataDir(dataDir).build();
    EmbeddedScheduler.start(options).close();
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"))) {
      for (String hub : List.of("default", "other")) {
        for (String id : IDS) {
          insert(c, hub, id, "\"" + hub + id + "\"", null);
        }
      }
      insert(c, "default", "@d@locked", "1", "holder");
    }

    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(options)) {
      var channel = SchedulerHarness.channel(scheduler.port());
      try {
        var client =
            io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc.newBlockingStub(channel);
        for (String hub : List.of("default", "other")) {
          var stub = SchedulerHarness.withHub(client, hub);
          List<String> listed = new ArrayList<>();
          stub.queryEntities(
                  QueryEntitiesRequest.newBuilder()
                      .setQuery(
                          EntityQuery.newBuilder()
                              .setInstanceIdStartsWith(com.google.protobuf.StringValue.of("@c@")))
                      .build())
              .getEntitiesList()
              .forEach(e -> listed.add(e.getInstanceId()));

          assertThat(listed).containsExactlyInAnyOrderElementsOf(IDS);
          for (String id : IDS) {
            GetEntityResponse r =
                stub.getEntity(
                    GetEntityRequest.newBuilder().setInstanceId(id).setIncludeState(true).build());
            assertThat(r.getExists()).as("%s in %s", id, hub).isTrue();
            assertThat(r.getEntity().getSerializedState().getValue())
                .isEqualTo("\"" + hub + id + "\"");
          }
        }
        GetEntityResponse locked =
            client.getEntity(GetEntityRequest.newBuilder().setInstanceId("@d@locked").build());
        assertThat(locked.getExists()).isTrue();
        assertThat(locked.getEntity().getLockedBy().getValue()).isEqualTo("holder");
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
