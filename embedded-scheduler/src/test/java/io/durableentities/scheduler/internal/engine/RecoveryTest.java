package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.resultAll;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.InstanceBatch;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.ScheduleTaskAction;
import io.durableentities.protocol.internal.SendEntityMessageAction;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails in the middle of a group, for each kind of group: nothing of the group is
 * stored (its callers were told it failed), memory afterwards equals a fresh load of the same
 * store, and the scheduler goes on serving without a restart.
 *
 * <p>Failures are injected with SQLite triggers created on the live database from another
 * connection ({@code RAISE(ABORT)} on one row of the group); requests are made to share a group by
 * holding the writer at its gate while they are queued ({@link EngineDriver#inOneGroup}).
 */
class RecoveryTest {

  @TempDir Path dataDir;
  @TempDir Path scratch;

  private static final String BYSTANDER = "another request of the same commit failed";

  /** The culprit failed with {@code culprit}; some other write shared its group and failed too. */
  private static void assertFailedInTheMiddle(
      List<Status.Code> outcomes, int culpritIndex, Status.Code culprit) {
    assertThat(outcomes.get(culpritIndex)).isEqualTo(culprit);
    List<Status.Code> others = new ArrayList<>(outcomes);
    others.remove(culpritIndex);
    assertThat(others)
        .as("a request that shared the failing group was rolled back with it: %s", outcomes)
        .contains(Status.Code.UNAVAILABLE);
  }

  @Test
  void signals() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      EngineFacade f = d.facade();
      f.signal(HUB, signal("@counter@before", "add", guid())).get();
      d.execute(
          "CREATE TRIGGER fail BEFORE INSERT ON messages WHEN NEW.instance_id = '@poison@x'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
      List<String> ids = new ArrayList<>();
      Map<String, String> requestIds = new HashMap<>();
      for (int i = 0; i < 9; i++) {
        String id = i == 4 ? "@poison@x" : "@counter@s" + i;
        ids.add(id);
        requestIds.put(id, guid());
      }
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      List<Supplier<CompletableFuture<?>>> writes = new ArrayList<>();
      for (String id : ids) {
        writes.add(
            () -> {
              CompletableFuture<Void> w = f.signal(HUB, signal(id, "add", requestIds.get(id)));
              futures.add(w);
              return w;
            });
      }

      List<Status.Code> outcomes = d.inOneGroup(writes);

      assertFailedInTheMiddle(outcomes, 4, Status.Code.INTERNAL);
      for (int i = 0; i < ids.size(); i++) {
        EntityDetail stored = f.entity(HUB, ids.get(i));
        if (outcomes.get(i) == Status.Code.OK) {
          assertThat(stored.queueSize()).as("acknowledged %s is queued", ids.get(i)).isEqualTo(1);
        } else {
          assertThat(stored).as("failed %s stored nothing", ids.get(i)).isNull();
          if (i != 4) {
            assertThat(EngineDriver.description(futures.get(i))).contains(BYSTANDER);
          }
        }
      }
      d.assertMemoryEqualsAFreshLoad(scratch);

      d.execute("DROP TRIGGER fail");
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        f.signal(HUB, signal(id, "add", requestIds.get(id))).get();
        assertThat(f.entity(HUB, id).queueSize())
            .as(
                outcomes.get(i) == Status.Code.OK
                    ? "a request id that was stored is still a duplicate"
                    : "a request id of the rolled-back group was forgotten with it")
            .isEqualTo(1);
      }
      FakeStream worker = d.stream();
      for (int i = 0; i < ids.size() + 1; i++) {
        WorkItem item = worker.nextEntity();
        f.completeEntityTask(HUB, worker, resultAll(item, "\"done\"")).get();
      }
      assertThat(f.entity(HUB, "@poison@x").metadata().getSerializedState().getValue())
          .isEqualTo("\"done\"");
      d.assertMemoryEqualsAFreshLoad(scratch);
    }
  }

  @Test
  void entityCompletions() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      EngineFacade f = d.facade();
      List<String> ids = List.of("@done@a", "@done@b", "@done@c");
      for (String id : ids) {
        f.signal(HUB, signal(id, "add", guid())).get();
      }
      FakeStream worker = d.stream();
      Map<String, WorkItem> items = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        WorkItem item = worker.nextEntity();
        items.put(item.getEntityRequestV2().getInstanceId(), item);
      }
      d.execute(
          "CREATE TRIGGER fail BEFORE INSERT ON entities WHEN NEW.instance_id = '@done@b'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

      List<Supplier<CompletableFuture<?>>> writes = new ArrayList<>();
      for (String id : ids) {
        writes.add(() -> f.completeEntityTask(HUB, worker, resultAll(items.get(id), "\"1\"")));
      }
      List<Status.Code> outcomes = d.inOneGroup(writes);

      assertFailedInTheMiddle(outcomes, 1, Status.Code.INTERNAL);
      // The reload after the failed group leaves the stored queues to the pager, as a start-up
      // does; the queue's messages are in memory once it has read them.
      await().atMost(Duration.ofSeconds(30)).until(() -> !f.loadingQueues());
      for (int i = 0; i < ids.size(); i++) {
        EntityDetail e = f.entity(HUB, ids.get(i));
        if (outcomes.get(i) == Status.Code.OK) {
          assertThat(e.metadata().getSerializedState().getValue()).isEqualTo("\"1\"");
          assertThat(e.queueSize()).isZero();
        } else {
          assertThat(e.metadata().hasSerializedState()).as("no state for %s", ids.get(i)).isFalse();
          assertThat(e.queueSize()).as("%s keeps its operation", ids.get(i)).isEqualTo(1);
          assertThat(e.queue().get(0).attempts()).as("not counted as a failed delivery").isZero();
        }
      }
      d.assertMemoryEqualsAFreshLoad(scratch);

      d.execute("DROP TRIGGER fail");
      for (int i = 0; i < ids.size(); i++) {
        if (outcomes.get(i) != Status.Code.OK) {
          WorkItem again = worker.nextEntity();
          f.completeEntityTask(HUB, worker, resultAll(again, "\"2\"")).get();
        }
      }
      assertThat(f.entity(HUB, "@done@b").metadata().getSerializedState().getValue())
          .isEqualTo("\"2\"");
      d.assertMemoryEqualsAFreshLoad(scratch);
    }
  }

  @Test
  void lockGrants() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      EngineFacade f = d.facade();
      FakeStream worker = d.stream();
      f.startInstance(HUB, start("locker")).get();
      WorkItem first = worker.nextOrchestration();
      d.execute(
          "CREATE TRIGGER fail BEFORE INSERT ON entities WHEN NEW.instance_id = '@lk@b'"
              + " AND NEW.locked_by IS NOT NULL BEGIN SELECT RAISE(ABORT, 'injected'); END");

      List<Status.Code> outcomes =
          d.inOneGroup(
              List.of(
                  () -> f.signal(HUB, signal("@other@1", "add", guid())),
                  () -> f.completeOrchestratorTask(HUB, worker, lockBoth(first)),
                  () -> f.signal(HUB, signal("@other@2", "add", guid()))));

      assertThat(outcomes.get(1))
          .as("the lock of the second entity failed while the group was committed")
          .isEqualTo(Status.Code.INTERNAL);
      assertThat(f.entity(HUB, "@lk@a")).as("the first lock was rolled back too").isNull();
      assertThat(f.locks(HUB).held()).isEmpty();
      assertThat(f.history(HUB, "locker", null)).as("the completion left no history").isEmpty();
      d.assertMemoryEqualsAFreshLoad(scratch);

      d.execute("DROP TRIGGER fail");
      WorkItem again = worker.nextOrchestration();
      f.completeOrchestratorTask(HUB, worker, lockBoth(again)).get();
      WorkItem granted = worker.nextOrchestration();
      List<HistoryEvent> events = granted.getOrchestratorRequest().getNewEventsList();
      assertThat(events.get(events.size() - 1).hasEntityLockGranted()).isTrue();
      assertThat(f.locks(HUB).held()).extracting(HeldLock::entityId).contains("@lk@a", "@lk@b");
      d.assertMemoryEqualsAFreshLoad(scratch);
    }
  }

  @Test
  void orchestrationCompletions() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      EngineFacade f = d.facade();
      FakeStream worker = d.stream();
      List<String> ids = List.of("o-1", "o-fail", "o-3");
      for (String id : ids) {
        f.startInstance(HUB, start(id)).get();
      }
      Map<String, WorkItem> items = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        WorkItem item = worker.nextOrchestration();
        items.put(item.getOrchestratorRequest().getInstanceId(), item);
      }
      d.execute(
          "CREATE TRIGGER fail BEFORE INSERT ON history WHEN NEW.instance_id = 'o-fail'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

      List<Supplier<CompletableFuture<?>>> writes = new ArrayList<>();
      for (String id : ids) {
        writes.add(() -> f.completeOrchestratorTask(HUB, worker, scheduleAndSignal(items.get(id))));
      }
      List<Status.Code> outcomes = d.inOneGroup(writes);

      assertFailedInTheMiddle(outcomes, 1, Status.Code.INTERNAL);
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        OrchestrationStatus status =
            f.getInstance(HUB, GetInstanceRequest.newBuilder().setInstanceId(id).build())
                .getOrchestrationState()
                .getOrchestrationStatus();
        if (outcomes.get(i) == Status.Code.OK) {
          assertThat(status).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
          assertThat(f.entity(HUB, "@notified@" + id).queueSize()).isEqualTo(1);
        } else {
          assertThat(status).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_PENDING);
          assertThat(f.history(HUB, id, null)).isEmpty();
          assertThat(f.entity(HUB, "@notified@" + id)).as("its signal was not sent").isNull();
        }
      }
      d.assertMemoryEqualsAFreshLoad(scratch);

      d.execute("DROP TRIGGER fail");
      for (int i = 0; i < ids.size(); i++) {
        if (outcomes.get(i) != Status.Code.OK) {
          WorkItem again = worker.nextOrchestration();
          f.completeOrchestratorTask(HUB, worker, scheduleAndSignal(again)).get();
        }
      }
      assertThat(f.entity(HUB, "@notified@o-fail").queueSize()).isEqualTo(1);
      d.assertMemoryEqualsAFreshLoad(scratch);
    }
  }

  @Test
  void purges() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      EngineFacade f = d.facade();
      FakeStream worker = d.stream();
      List<String> ids = List.of("q-1", "p-1", "p-fail", "p-3", "q-3");
      finishAll(f, worker, ids);
      d.execute(
          "CREATE TRIGGER fail BEFORE DELETE ON instances WHEN OLD.instance_id = 'p-fail'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

      List<Status.Code> outcomes =
          d.inOneGroup(
              List.of(
                  () -> f.purge(HUB, purge("q-1")),
                  () ->
                      f.purge(
                          HUB,
                          PurgeInstancesRequest.newBuilder()
                              .setInstanceBatch(
                                  InstanceBatch.newBuilder()
                                      .addInstanceIds("p-1")
                                      .addInstanceIds("p-fail")
                                      .addInstanceIds("p-3"))
                              .build()),
                  () -> f.purge(HUB, purge("q-3"))));

      assertFailedInTheMiddle(outcomes, 1, Status.Code.INTERNAL);
      for (String id : List.of("p-1", "p-fail", "p-3")) {
        assertThat(exists(f, id)).as("nothing of the failed batch is purged: %s", id).isTrue();
      }
      assertThat(exists(f, "q-1")).isEqualTo(outcomes.get(0) != Status.Code.OK);
      assertThat(exists(f, "q-3")).isEqualTo(outcomes.get(2) != Status.Code.OK);
      d.assertMemoryEqualsAFreshLoad(scratch);

      d.execute("DROP TRIGGER fail");
      for (String id : ids) {
        f.purge(HUB, purge(id)).get();
      }
      assertThat(StateDump.of(f)).doesNotContain("instance ");
      d.assertMemoryEqualsAFreshLoad(scratch);
    }
  }

  @Test
  void aWriteThatFailsBeforeItChangedAnything_failsAlone_andItsGroupGoesOn() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      EngineFacade f = d.facade();
      FakeStream worker = d.stream();
      List<String> ids = List.of("p-1", "p-fail", "p-3");
      finishAll(f, worker, ids);
      d.execute(
          "CREATE TRIGGER fail BEFORE DELETE ON history WHEN OLD.instance_id = 'p-fail'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

      List<Supplier<CompletableFuture<?>>> writes = new ArrayList<>();
      for (String id : ids) {
        writes.add(() -> f.purge(HUB, purge(id)));
      }
      List<Status.Code> outcomes = d.inOneGroup(writes);

      assertThat(outcomes)
          .as("the purge of p-fail failed at its first write; the others are committed")
          .containsExactly(Status.Code.OK, Status.Code.INTERNAL, Status.Code.OK);
      assertThat(exists(f, "p-1")).isFalse();
      assertThat(exists(f, "p-fail")).isTrue();
      assertThat(exists(f, "p-3")).isFalse();
      d.assertMemoryEqualsAFreshLoad(scratch);
    }
  }

  private static void finishAll(EngineFacade f, FakeStream worker, List<String> ids)
      throws Exception {
    for (String id : ids) {
      f.startInstance(HUB, start(id)).get();
    }
    for (int i = 0; i < ids.size(); i++) {
      f.completeOrchestratorTask(HUB, worker, complete(worker.nextOrchestration())).get();
    }
  }

  private static PurgeInstancesRequest purge(String id) {
    return PurgeInstancesRequest.newBuilder().setInstanceId(id).build();
  }

  private static boolean exists(EngineFacade f, String id) {
    return f.getInstance(HUB, GetInstanceRequest.newBuilder().setInstanceId(id).build())
        .getExists();
  }

  static CreateInstanceRequest start(String id) {
    return CreateInstanceRequest.newBuilder().setInstanceId(id).setName("Flow").build();
  }

  private static OrchestratorResponse.Builder response(WorkItem item) {
    return OrchestratorResponse.newBuilder()
        .setInstanceId(item.getOrchestratorRequest().getInstanceId())
        .setCompletionToken(item.getCompletionToken());
  }

  /** Asks for the locks of {@code @lk@a} and {@code @lk@b} (one critical section). */
  private static OrchestratorResponse lockBoth(WorkItem item) {
    String id = item.getOrchestratorRequest().getInstanceId();
    return response(item)
        .addActions(
            OrchestratorAction.newBuilder()
                .setId(0)
                .setSendEntityMessage(
                    SendEntityMessageAction.newBuilder()
                        .setEntityLockRequested(
                            EntityLockRequestedEvent.newBuilder()
                                .setCriticalSectionId(guid())
                                .addLockSet("@lk@a")
                                .addLockSet("@lk@b")
                                .setPosition(0)
                                .setParentInstanceId(StringValue.of(id)))))
        .build();
  }

  /** Schedules an activity and signals {@code @notified@<instance>}. */
  private static OrchestratorResponse scheduleAndSignal(WorkItem item) {
    String id = item.getOrchestratorRequest().getInstanceId();
    return response(item)
        .addActions(
            OrchestratorAction.newBuilder()
                .setId(0)
                .setScheduleTask(ScheduleTaskAction.newBuilder().setName("Work")))
        .addActions(
            OrchestratorAction.newBuilder()
                .setId(1)
                .setSendEntityMessage(
                    SendEntityMessageAction.newBuilder()
                        .setEntityOperationSignaled(
                            EntityOperationSignaledEvent.newBuilder()
                                .setRequestId(guid())
                                .setOperation("notify")
                                .setTargetInstanceId(StringValue.of("@notified@" + id)))))
        .build();
  }

  private static OrchestratorResponse complete(WorkItem item) {
    return response(item)
        .addActions(
            OrchestratorAction.newBuilder()
                .setId(0)
                .setCompleteOrchestration(
                    CompleteOrchestrationAction.newBuilder()
                        .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                        .setResult(StringValue.of("\"ok\""))))
        .build();
  }
}
