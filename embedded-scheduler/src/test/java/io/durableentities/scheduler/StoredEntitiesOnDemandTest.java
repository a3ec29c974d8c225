package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file store's entities that only hold a state stay on disk after a start and are read when first
 * needed: served by get, query and the dashboard, changed by signals on top of their stored state,
 * merged with the entities only memory knows in id order.
 */
class StoredEntitiesOnDemandTest {

  /** More rows than one read of stored rows takes for a page, so that pages span several. */
  private static final int STORED = 600;

  @TempDir Path dataDir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private SchedulerOptions options() {
    return SchedulerOptions.newBuilder().dataDir(dataDir).dashboardPort(0).build();
  }

  /** Starts a scheduler on the data dir with rows {@code @n@000..} (state "i") written before. */
  private EmbeddedScheduler restartWithStoredRows() throws Exception {
    EmbeddedScheduler.start(options()).close();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO entities (hub, instance_id, state, last_modified) VALUES"
                    + " ('default', ?, ?, 1000)")) {
      for (int i = 0; i < STORED; i++) {
        p.setString(1, id(i));
        p.setString(2, Integer.toString(i));
        p.executeUpdate();
      }
    }
    EmbeddedScheduler scheduler = EmbeddedScheduler.start(options());
    open.add(scheduler);
    return scheduler;
  }

  private static String id(int i) {
    return String.format("@n@%03d", i);
  }

  private TaskHubSidecarServiceBlockingStub client(EmbeddedScheduler scheduler) {
    ManagedChannel channel = SchedulerHarness.channel(scheduler.port());
    open.add(channel::shutdownNow);
    return TaskHubSidecarServiceGrpc.newBlockingStub(channel);
  }

  private TestWorker worker(EmbeddedScheduler scheduler) {
    TestWorker worker =
        new TestWorker(
            SchedulerHarness.channel(scheduler.port()),
            null,
            GetWorkItemsRequest.getDefaultInstance());
    open.add(worker);
    return worker;
  }

  private static GetEntityResponse get(TaskHubSidecarServiceBlockingStub client, String id) {
    return client.getEntity(
        GetEntityRequest.newBuilder().setInstanceId(id).setIncludeState(true).build());
  }

  /** Every page of a query, concatenated. */
  private static List<EntityMetadata> all(
      TaskHubSidecarServiceBlockingStub client, EntityQuery.Builder q) {
    List<EntityMetadata> seen = new ArrayList<>();
    while (true) {
      QueryEntitiesResponse page =
          client.queryEntities(QueryEntitiesRequest.newBuilder().setQuery(q).build());
      seen.addAll(page.getEntitiesList());
      if (!page.hasContinuationToken()) {
        return seen;
      }
      q.setContinuationToken(page.getContinuationToken());
    }
  }

  private static List<String> ids(List<EntityMetadata> entities) {
    return entities.stream().map(EntityMetadata::getInstanceId).toList();
  }

  @Test
  void storedEntity_isServedAfterARestart_andASignalAppliesOnItsStoredState() throws Exception {
    EmbeddedScheduler scheduler = restartWithStoredRows();
    TaskHubSidecarServiceBlockingStub client = client(scheduler);

    GetEntityResponse before = get(client, id(42));
    assertThat(before.getExists()).isTrue();
    assertThat(before.getEntity().getSerializedState().getValue()).isEqualTo("42");
    assertThat(get(client, "@n@missing").getExists()).isFalse();

    TestWorker worker = worker(scheduler);
    client.signalEntity(SchedulerHarness.signalRequest(id(42), "add", "1"));
    WorkItem item = worker.nextEntity();
    assertThat(item.getEntityRequestV2().getInstanceId()).isEqualTo(id(42));
    assertThat(item.getEntityRequestV2().getEntityState().getValue()).isEqualTo("42");
    worker.complete(SchedulerHarness.resultAll(item, "43").build());

    GetEntityResponse after = get(client, id(42));
    assertThat(after.getEntity().getSerializedState().getValue()).isEqualTo("43");
    QueryEntitiesResponse one =
        client.queryEntities(
            QueryEntitiesRequest.newBuilder()
                .setQuery(
                    EntityQuery.newBuilder()
                        .setInstanceIdStartsWith(StringValue.of(id(42)))
                        .setIncludeState(true))
                .build());
    assertThat(one.getEntitiesList())
        .singleElement()
        .satisfies(e -> assertThat(e.getSerializedState().getValue()).isEqualTo("43"));

    // Purging a state memory never held deletes the stored row.
    assertThat(
            client
                .purgeInstances(PurgeInstancesRequest.newBuilder().setInstanceId(id(7)).build())
                .getDeletedInstanceCount())
        .isEqualTo(1);
    assertThat(get(client, id(7)).getExists()).isFalse();
  }

  @Test
  void paging_mergesStoredAndMemoryOnlyEntities_eachOnceInIdOrder() throws Exception {
    EmbeddedScheduler scheduler = restartWithStoredRows();
    TaskHubSidecarServiceBlockingStub client = client(scheduler);
    // No worker: these stay queued. Two are new (memory only, no state), one is stored.
    List<String> queuedOnly = List.of("@n@0005x", "@n@599z");
    for (String id : queuedOnly) {
      client.signalEntity(SchedulerHarness.signalRequest(id, "add", "1"));
    }
    client.signalEntity(SchedulerHarness.signalRequest(id(300), "add", "1"));
    TreeSet<String> expected = new TreeSet<>(queuedOnly);
    for (int i = 0; i < STORED; i++) {
      expected.add(id(i));
    }

    List<EntityMetadata> withTransient =
        all(
            client,
            EntityQuery.newBuilder()
                .setIncludeTransient(true)
                .setIncludeState(true)
                .setPageSize(Int32Value.of(7)));
    List<EntityMetadata> stateful = all(client, EntityQuery.newBuilder());

    assertThat(ids(withTransient)).containsExactlyElementsOf(expected);
    assertThat(withTransient.get(ids(withTransient).indexOf(id(300))))
        .satisfies(
            e -> {
              assertThat(e.getBacklogQueueSize()).isEqualTo(1);
              assertThat(e.getSerializedState().getValue()).isEqualTo("300");
            });
    expected.removeAll(queuedOnly);
    assertThat(ids(stateful)).containsExactlyElementsOf(expected);

    // Only the memory-only entities changed after 1000 ms: the scan passes every stored row.
    List<EntityMetadata> recent =
        all(
            client,
            EntityQuery.newBuilder()
                .setIncludeTransient(true)
                .setLastModifiedFrom(Timestamp.newBuilder().setSeconds(2)));
    assertThat(ids(recent)).containsExactlyElementsOf(new TreeSet<>(queuedOnly));
  }

  @Test
  void dashboardAndCleanEntityStorage_seeStoredEntities() throws Exception {
    EmbeddedScheduler scheduler = restartWithStoredRows();
    TaskHubSidecarServiceBlockingStub client = client(scheduler);
    DashboardHttp http = new DashboardHttp(scheduler.dashboardPort().orElseThrow());

    JsonNode page = http.get("/api/entities?pageSize=3&prefix=%40n%40").body();
    JsonNode entity = http.get("/api/entities/%40n%40005").body();
    CleanEntityStorageResponse cleaned =
        client.cleanEntityStorage(
            CleanEntityStorageRequest.newBuilder()
                .setRemoveEmptyEntities(true)
                .setReleaseOrphanedLocks(true)
                .build());
    DashboardHttp.Answer viaDashboard = http.act("clean-entity-storage", Map.of());

    List<String> listed = new ArrayList<>();
    page.get("entities").forEach(e -> listed.add(e.get("instanceId").asText()));
    assertThat(listed).containsExactly(id(0), id(1), id(2));
    assertThat(page.get("continuationToken").isNull()).isFalse();
    assertThat(entity.get("entity").get("serializedState").asText()).isEqualTo("5");
    assertThat(entity.get("queueSize").asInt()).isZero();
    assertThat(http.get("/api/entities/%40n%40missing").status()).isEqualTo(404);
    assertThat(cleaned.getEmptyEntitiesRemoved()).isZero();
    assertThat(cleaned.getOrphanedLocksReleased()).isZero();
    assertThat(viaDashboard.status()).isEqualTo(200);
    assertThat(all(client, EntityQuery.newBuilder().setPageSize(Int32Value.of(1000))))
        .hasSize(STORED);
  }
}
