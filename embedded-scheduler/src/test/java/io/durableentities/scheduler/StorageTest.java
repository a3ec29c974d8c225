package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.operations;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.protocol.internal.WorkItem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

  @TempDir Path dataDir;

  private SchedulerHarness start() {
    return new SchedulerHarness(b -> b.dataDir(dataDir).maxDeliveryAttempts(2));
  }

  private Connection db() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
  }

  @Test
  void restart_keepsStateAndQueuedSignals_andRedeliversLeasedWork() throws Exception {
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      h.signal("@counter@a", "add", "1");
      worker.complete(resultAll(worker.next(), "1").build());
      h.signal("@counter@a", "add", "2");
      assertThat(operations(worker.next())).containsExactly("add");
      h.signal("@counter@b", "add", "3");
    }

    try (SchedulerHarness h = start()) {
      assertThat(h.get("@counter@a").getEntity().getSerializedState().getValue()).isEqualTo("1");
      TestWorker worker = h.worker();
      List<String> delivered = new ArrayList<>();
      delivered.add(worker.next().getEntityRequestV2().getInstanceId());
      delivered.add(worker.next().getEntityRequestV2().getInstanceId());
      assertThat(delivered).containsExactlyInAnyOrder("@counter@a", "@counter@b");
    }
  }

  @Test
  void dataDirLock_refusesASecondScheduler() {
    try (SchedulerHarness h = start()) {
      assertThatThrownBy(
              () -> EmbeddedScheduler.start(SchedulerOptions.newBuilder().dataDir(dataDir).build()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another scheduler")
          .hasMessageContaining(dataDir.toAbsolutePath().toString());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    // Once the first one is closed, the directory is free again.
    EmbeddedScheduler.start(SchedulerOptions.newBuilder().dataDir(dataDir).build()).close();
  }

  @Test
  void schema_isVersioned() throws Exception {
    start().close();
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(7);
    }
    try (Connection c = db();
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(() -> start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 99");
  }

  @Test
  void clean_removesEmptyEntities_andReleasesOrphanedLocks() throws Exception {
    start().close();
    try (Connection c = db()) {
      insertEntity(c, "@empty@1", null, null);
      insertEntity(c, "@locked@1", "\"state\"", "orchestration-1");
      insertSignal(c, 1, "@locked@1", "add");
    }

    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      h.signal("@sentinel@s", "probe", null);
      assertThat(worker.next().getEntityRequestV2().getInstanceId())
          .as("the locked entity's signal waits for the lock")
          .isEqualTo("@sentinel@s");
      assertThat(h.get("@locked@1").getEntity().getLockedBy().getValue())
          .isEqualTo("orchestration-1");

      var response =
          h.client.cleanEntityStorage(
              CleanEntityStorageRequest.newBuilder()
                  .setRemoveEmptyEntities(true)
                  .setReleaseOrphanedLocks(true)
                  .build());

      assertThat(response.getEmptyEntitiesRemoved()).isEqualTo(1);
      assertThat(response.getOrphanedLocksReleased()).isEqualTo(1);
      assertThat(h.get("@locked@1").getEntity().hasLockedBy()).isFalse();
      WorkItem released = worker.next();
      assertThat(released.getEntityRequestV2().getInstanceId()).isEqualTo("@locked@1");
    }
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT instance_id, locked_by FROM entities ORDER BY 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("@locked@1");
      assertThat(rs.getString(2)).isNull();
      assertThat(rs.next()).as("the empty entity is gone").isFalse();
    }
  }

  @Test
  void call_isAnsweredToTheParentOrchestration_withTheBatchCommit_durably() throws Exception {
    String requestId = UUID.randomUUID().toString();
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      h.client.startInstance(Orch.start("orch-1", "Caller", null).build());
      worker.completeOrchestrator(
          Orch.response(
                  worker.nextOrchestration(),
                  Orch.callEntity(0, "@counter@c", "get", null, requestId))
              .build());
    }

    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      WorkItem item = worker.nextEntity();
      EntityOperationCalledEvent called =
          item.getEntityRequestV2().getOperationRequests(0).getEntityOperationCalled();
      assertThat(called.getParentInstanceId().getValue()).isEqualTo("orch-1");
      worker.complete(
          SchedulerHarness.result(item, 0, "5")
              .addResults(
                  OperationResult.newBuilder()
                      .setSuccess(
                          OperationResultSuccess.newBuilder().setResult(StringValue.of("42"))))
              .addActions(
                  OperationAction.newBuilder()
                      .setStartNewOrchestration(
                          StartNewOrchestrationAction.newBuilder()
                              .setName("Workflow")
                              .setInstanceId("from-entity")))
              .build());
      assertThat(h.get("@counter@c").getEntity().getSerializedState().getValue()).isEqualTo("5");
      List<String> started = new ArrayList<>();
      started.add(worker.nextOrchestration().getOrchestratorRequest().getInstanceId());
      started.add(worker.nextOrchestration().getOrchestratorRequest().getInstanceId());
      assertThat(started).containsExactlyInAnyOrder("orch-1", "from-entity");
    }

    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      WorkItem orchestration = worker.nextOrchestration();
      if (!orchestration.getOrchestratorRequest().getInstanceId().equals("orch-1")) {
        orchestration = worker.nextOrchestration();
      }
      HistoryEvent answer = Orch.lastNew(orchestration);
      assertThat(answer.getEntityOperationCompleted().getRequestId()).isEqualTo(requestId);
      assertThat(answer.getEntityOperationCompleted().getOutput().getValue()).isEqualTo("42");
    }
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void poisonCall_isFailedToItsCaller_asNonRetriable() throws Exception {
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      h.client.startInstance(Orch.start("orch-2", "Caller", null).build());
      worker.completeOrchestrator(
          Orch.response(
                  worker.nextOrchestration(),
                  Orch.callEntity(
                      0, "@counter@poison", "crash", null, UUID.randomUUID().toString()))
              .build());
      worker.abandon(worker.nextEntity().getCompletionToken());
      h.clock.advance(Duration.ofSeconds(5));
      h.runMaintenanceNow();
      worker.abandon(worker.nextEntity().getCompletionToken());
      HistoryEvent event = Orch.lastNew(worker.nextOrchestration());

      assertThat(event.getEntityOperationFailed().getFailureDetails().getIsNonRetriable()).isTrue();
      assertThat(event.getEntityOperationFailed().getFailureDetails().getErrorMessage())
          .contains("@counter@poison", "crash", "2 attempts");
    }
  }

  @Test
  void migrationFromVersion1_startsTheOrchestrationsEntitiesRequested() throws Exception {
    start().close();
    try (Connection c = db();
        Statement s = c.createStatement()) {
      SchemaMigrationTest.downgradeToVersion2(s);
      s.execute("DROP TABLE instances");
      s.execute("DROP TABLE history");
      s.execute("DROP TABLE activities");
      s.execute("ALTER TABLE orchestration_inbox DROP COLUMN due_at");
      s.execute("PRAGMA user_version = 1");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO orchestration_starts (hub, instance_id, name, action, start_at,"
                  + " created_at, source_entity) VALUES ('default', 'legacy-1', 'Workflow', ?, 0,"
                  + " 0, '@counter@c')")) {
        ps.setBytes(
            1,
            StartNewOrchestrationAction.newBuilder()
                .setInstanceId("legacy-1")
                .setName("Workflow")
                .setInput(StringValue.of("7"))
                .build()
                .toByteArray());
        ps.executeUpdate();
      }
    }

    try (SchedulerHarness h = start()) {
      WorkItem item = h.worker().nextOrchestration();

      assertThat(item.getOrchestratorRequest().getInstanceId()).isEqualTo("legacy-1");
      assertThat(
              item.getOrchestratorRequest()
                  .getNewEvents(1)
                  .getExecutionStarted()
                  .getInput()
                  .getValue())
          .isEqualTo("7");
    }
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(7);
    }
  }

  @Test
  void restart_keepsEntityLocks_andTheHoldersEndStillReleasesThem() throws Exception {
    String cs = UUID.randomUUID().toString();
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      h.client.startInstance(Orch.start("holder", "Locker", null).build());
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.lock(0, cs, "holder", "@acct@a")).build());
      worker.nextOrchestration();
      h.signal("@acct@a", "deposit", "1");
    }

    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      WorkItem granted = worker.nextOrchestration();
      var lockedAfterRestart =
          h.client
              .queryEntities(
                  io.durableentities.protocol.internal.QueryEntitiesRequest.newBuilder()
                      .setQuery(
                          io.durableentities.protocol.internal.EntityQuery.newBuilder()
                              .setIncludeTransient(true))
                      .build())
              .getEntities(0);
      worker.completeOrchestrator(Orch.response(granted, Orch.complete(1, null)).build());
      WorkItem released = worker.nextEntity();

      assertThat(Orch.lastNew(granted).getEntityLockGranted().getCriticalSectionId()).isEqualTo(cs);
      assertThat(lockedAfterRestart.getLockedBy().getValue()).isEqualTo("holder");
      assertThat(lockedAfterRestart.getBacklogQueueSize()).isEqualTo(1);
      assertThat(released.getEntityRequestV2().getInstanceId()).isEqualTo("@acct@a");
    }
  }

  @Test
  void restart_keepsHistoryTimersAndActivities() throws Exception {
    java.time.Instant fireAt;
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      h.client.startInstance(Orch.start("o1", "Durable", "1").build());
      fireAt = h.clock.instant().plusSeconds(30);
      worker.completeOrchestrator(
          Orch.response(
                  worker.nextOrchestration(),
                  Orch.scheduleTask(0, "Act", "2"),
                  Orch.timer(1, fireAt))
              .build());
      worker.nextActivity();
    }

    try (SchedulerHarness h = start()) {
      h.clock.advance(java.time.Duration.ofSeconds(30));
      TestWorker worker = h.worker();
      WorkItem activity = worker.nextActivity();
      worker.completeActivity(Orch.activityResult(activity, "3").build());
      h.runMaintenanceNow();
      // The timer and the activity result may arrive in one work item or in two.
      WorkItem item = worker.nextOrchestration();
      List<HistoryEvent.EventTypeCase> delivered = new ArrayList<>(Orch.newTypes(item));
      if (!delivered.containsAll(
          List.of(
              HistoryEvent.EventTypeCase.TIMERFIRED, HistoryEvent.EventTypeCase.TASKCOMPLETED))) {
        worker.completeOrchestrator(Orch.response(item).build());
        delivered.addAll(Orch.newTypes(worker.nextOrchestration()));
      }

      assertThat(activity.getActivityRequest().getInput().getValue()).isEqualTo("2");
      assertThat(Orch.types(item.getOrchestratorRequest().getPastEventsList()))
          .containsExactly(
              HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED,
              HistoryEvent.EventTypeCase.EXECUTIONSTARTED,
              HistoryEvent.EventTypeCase.TASKSCHEDULED,
              HistoryEvent.EventTypeCase.TIMERCREATED);
      assertThat(delivered)
          .contains(
              HistoryEvent.EventTypeCase.TIMERFIRED, HistoryEvent.EventTypeCase.TASKCOMPLETED);
    }
  }

  static void insertEntity(Connection c, String id, String state, String lockedBy)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO entities (hub, instance_id, state, locked_by, last_modified)"
                + " VALUES ('default', ?, ?, ?, 0)")) {
      ps.setString(1, id);
      ps.setString(2, state);
      ps.setString(3, lockedBy);
      ps.executeUpdate();
    }
  }

  static void insertSignal(Connection c, long msgId, String id, String op) throws SQLException {
    String requestId = UUID.randomUUID().toString();
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(-1)
            .setEntityOperationSignaled(
                EntityOperationSignaledEvent.newBuilder().setRequestId(requestId).setOperation(op))
            .build();
    insertMessage(c, msgId, id, requestId, 0, null, event);
  }

  static void insertCall(Connection c, long msgId, String id, String op, String parent)
      throws SQLException {
    String requestId = UUID.randomUUID().toString();
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(-1)
            .setEntityOperationCalled(
                EntityOperationCalledEvent.newBuilder()
                    .setRequestId(requestId)
                    .setOperation(op)
                    .setParentInstanceId(StringValue.of(parent))
                    .setParentExecutionId(StringValue.of("exec-1")))
            .build();
    insertMessage(c, msgId, id, requestId, 1, parent, event);
  }

  private static void insertMessage(
      Connection c,
      long msgId,
      String id,
      String requestId,
      int kind,
      String parent,
      HistoryEvent event)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO messages (id, hub, instance_id, request_id, kind, parent_instance_id,"
                + " parent_execution_id, event, due_at, enqueued_at, attempts)"
                + " VALUES (?, 'default', ?, ?, ?, ?, ?, ?, 0, 0, 0)")) {
      ps.setLong(1, msgId);
      ps.setString(2, id);
      ps.setString(3, requestId);
      ps.setInt(4, kind);
      ps.setString(5, parent);
      ps.setString(6, parent == null ? null : "exec-1");
      ps.setBytes(7, event.toByteArray());
      ps.executeUpdate();
    }
  }
}
