package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.resultAll;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.SchedulerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity-storage cleaning while a backlog is pending: it goes on (an orphaned lock is released
 * although the stored queues are not all read), and an entity whose queued messages are on disk
 * only is not removed as empty.
 */
class SpilledCleaningTest {

  private static final int BOUND = 10;

  /** Locked by an orchestration that does not exist; its one signal is far back in the backlog. */
  private static final String LOCKED = "@n@locked";

  @TempDir Path dataDir;

  /**
   * Signals 50 entities and then {@link #LOCKED} with no worker connected, gives {@link #LOCKED} an
   * orphaned lock in the database and restarts: the locked entity is resident (its lock is read on
   * start) but its signal is on disk, behind more entities than the bound lets the pager read.
   */
  private EngineDriver backlogBehindAnOrphanedLock(UnaryOperator<SchedulerOptions.Builder> extra)
      throws Exception {
    EngineDriver d =
        new EngineDriver(
            dataDir, EngineSeams.defaults(), b -> extra.apply(b.maxResidentEntities(BOUND)));
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(d.facade().signal(HUB, signal("@n@" + i, "op", guid())));
    }
    sent.add(d.facade().signal(HUB, signal(LOCKED, "late", guid())));
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    d.execute(
        "INSERT INTO entities (hub, instance_id, state, locked_by, lock_critical_section,"
            + " last_modified) VALUES ('"
            + HUB
            + "', '"
            + LOCKED
            + "', NULL, 'gone-orchestration', NULL, 0)");
    d.restart();
    return d;
  }

  private static EntityMetadata get(EngineDriver d, String id) {
    return d.facade()
        .getEntity(HUB, GetEntityRequest.newBuilder().setInstanceId(id).build())
        .getEntity();
  }

  /** Applies every queued operation with a worker; the operations applied per entity. */
  private static Map<String, List<String>> applyAll(EngineDriver d, int operations)
      throws Exception {
    FakeStream worker = d.stream();
    Map<String, List<String>> applied = new HashMap<>();
    int done = 0;
    while (done < operations) {
      WorkItem item = worker.nextEntity();
      for (HistoryEvent e : item.getEntityRequestV2().getOperationRequestsList()) {
        applied
            .computeIfAbsent(item.getEntityRequestV2().getInstanceId(), k -> new ArrayList<>())
            .add(e.getEntityOperationSignaled().getOperation());
        done++;
      }
      d.facade().completeEntityTask(HUB, worker, resultAll(item, "s")).get(60, TimeUnit.SECONDS);
    }
    return applied;
  }

  @Test
  void cleanEntityStorage_releasesTheOrphanedLock_butKeepsAnEntityWhoseQueueIsOnDisk()
      throws Exception {
    try (EngineDriver d = backlogBehindAnOrphanedLock(UnaryOperator.identity())) {
      assertThat(d.facade().loadingQueues()).as("the backlog waits for room").isTrue();

      CleanEntityStorageResponse cleaned =
          d.facade()
              .cleanEntityStorage(
                  HUB,
                  CleanEntityStorageRequest.newBuilder()
                      .setReleaseOrphanedLocks(true)
                      .setRemoveEmptyEntities(true)
                      .build())
              .get(60, TimeUnit.SECONDS);

      assertThat(cleaned.getOrphanedLocksReleased()).isEqualTo(1);
      assertThat(cleaned.getEmptyEntitiesRemoved())
          .as("its signal is queued on disk: not empty")
          .isZero();
      EntityMetadata locked = get(d, LOCKED);
      assertThat(locked.hasLockedBy()).isFalse();
      assertThat(locked.getBacklogQueueSize()).isEqualTo(1);
      assertThat(applyAll(d, 51).get(LOCKED)).containsExactly("late");
    }
  }

  @Test
  void periodicCleaning_doesNotWaitForTheBacklog() throws Exception {
    try (EngineDriver d =
        backlogBehindAnOrphanedLock(o -> o.cleanEntityStorageInterval(Duration.ofMillis(100)))) {
      assertThat(d.facade().loadingQueues()).as("the backlog waits for room").isTrue();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(get(d, LOCKED).hasLockedBy()).isFalse());

      assertThat(d.facade().loadingQueues()).as("still pending: nothing applied yet").isTrue();
      assertThat(get(d, LOCKED).getBacklogQueueSize()).isEqualTo(1);
      assertThat(applyAll(d, 51).get(LOCKED)).containsExactly("late");
    }
  }
}
