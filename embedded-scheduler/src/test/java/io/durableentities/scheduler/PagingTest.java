package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paging over many entities, seeded straight into the database before start. */
class PagingTest {

  @TempDir Path dataDir;

  private SchedulerHarness start() {
    return new SchedulerHarness(b -> b.dataDir(dataDir));
  }

  /** Seeds {@code count} entity rows named {@code @<name>@<n>}, with or without state. */
  private void seed(String name, int count, String state) throws SQLException {
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"))) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO entities (hub, instance_id, state, last_modified)"
                  + " VALUES ('default', ?, ?, 0)")) {
        for (int i = 0; i < count; i++) {
          ps.setString(1, String.format("@%s@%06d", name, i));
          ps.setString(2, state);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  @Test
  void query_mayReturnAnEmptyPage_thatStillCarriesAToken() throws Exception {
    start().close();
    seed("empty", 10_050, null);
    seed("zzz", 1, "1");

    try (SchedulerHarness h = start()) {
      QueryEntitiesResponse first =
          h.client.queryEntities(
              QueryEntitiesRequest.newBuilder().setQuery(EntityQuery.newBuilder()).build());
      assertThat(first.getEntitiesList()).isEmpty();
      assertThat(first.hasContinuationToken()).isTrue();

      QueryEntitiesResponse second =
          h.client.queryEntities(
              QueryEntitiesRequest.newBuilder()
                  .setQuery(
                      EntityQuery.newBuilder().setContinuationToken(first.getContinuationToken()))
                  .build());

      assertThat(second.getEntitiesList())
          .extracting(EntityMetadata::getInstanceId)
          .containsExactly("@zzz@000000");
      assertThat(second.hasContinuationToken()).isFalse();
    }
  }

  @Test
  void clean_pagesThroughEntities_withAContinuationToken() throws Exception {
    start().close();
    seed("empty", 1_500, null);

    try (SchedulerHarness h = start()) {
      CleanEntityStorageRequest.Builder request =
          CleanEntityStorageRequest.newBuilder().setRemoveEmptyEntities(true);
      CleanEntityStorageResponse first = h.client.cleanEntityStorage(request.build());
      CleanEntityStorageResponse second =
          h.client.cleanEntityStorage(
              request.setContinuationToken(first.getContinuationToken()).build());

      assertThat(first.getEmptyEntitiesRemoved()).isEqualTo(1_000);
      assertThat(first.hasContinuationToken()).isTrue();
      assertThat(second.getEmptyEntitiesRemoved()).isEqualTo(500);
      assertThat(second.hasContinuationToken()).isFalse();
      assertThat(
              h.client
                  .queryEntities(
                      QueryEntitiesRequest.newBuilder()
                          .setQuery(EntityQuery.newBuilder().setIncludeTransient(true))
                          .build())
                  .getEntitiesList())
          .isEmpty();
    }
  }
}
