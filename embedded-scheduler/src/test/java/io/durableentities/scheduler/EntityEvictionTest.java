package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYLOCKGRANTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYOPERATIONCOMPLETED;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.WorkItem;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idle entities leave memory (a data directory, {@code maxResidentEntities}) and come back from the
 * database for their next message, with their state and lock exactly as committed.
 */
class EntityEvictionTest {

  private SchedulerHarness h;

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  private void awaitResident(int expected) {
    await()
        .untilAsserted(
            () -> assertThat(h.scheduler.residentEntities()).as("resident").isEqualTo(expected));
  }

  @Test
  void lockedTransfer_withEveryIdleEntityEvictedBetweenSteps_movesTheAmountExactlyOnce()
      throws Exception {
    h = SchedulerHarness.evictingIdleEntities(b -> b);
    TestWorker worker = h.worker();
    h.signal("@acct@a", "deposit", "10");
    worker.complete(resultAll(worker.nextEntity(), "10").build());
    h.signal("@acct@b", "deposit", "0");
    worker.complete(resultAll(worker.nextEntity(), "0").build());
    awaitResident(0);

    h.client.startInstance(start("t1", "Transfer", null).build());
    WorkItem o = worker.nextOrchestration();
    String cs = UUID.randomUUID().toString();
    worker.completeOrchestrator(response(o, Orch.lock(0, cs, "t1", "@acct@a", "@acct@b")).build());
    WorkItem granted = worker.nextOrchestration();
    awaitResident(2); // both locked: live, so they stay
    String withdraw = UUID.randomUUID().toString();
    worker.completeOrchestrator(
        response(granted, Orch.callEntity(1, "@acct@a", "withdraw", "3", withdraw)).build());
    worker.complete(resultAll(worker.nextEntity(), "7").build());
    WorkItem withdrawn = worker.nextOrchestration();
    String deposit = UUID.randomUUID().toString();
    worker.completeOrchestrator(
        response(withdrawn, Orch.callEntity(2, "@acct@b", "deposit", "3", deposit)).build());
    worker.complete(resultAll(worker.nextEntity(), "3").build());
    WorkItem deposited = worker.nextOrchestration();
    worker.completeOrchestrator(
        response(
                deposited,
                Orch.unlock(3, cs, "t1", "@acct@a"),
                Orch.unlock(4, cs, "t1", "@acct@b"),
                Orch.complete(5, "\"done\""))
            .build());
    awaitResident(0);
    h.signal("@acct@a", "deposit", "1");
    WorkItem afterUnlock = worker.nextEntity();

    assertThat(Orch.lastNew(granted).getEventTypeCase()).isEqualTo(ENTITYLOCKGRANTED);
    assertThat(Orch.lastNew(withdrawn).getEventTypeCase()).isEqualTo(ENTITYOPERATIONCOMPLETED);
    assertThat(Orch.lastNew(deposited).getEventTypeCase()).isEqualTo(ENTITYOPERATIONCOMPLETED);
    assertThat(afterUnlock.getEntityRequestV2().getEntityState().getValue())
        .as("read back from the database with the committed state")
        .isEqualTo("7");
    assertThat(h.get("@acct@b").getEntity().getSerializedState().getValue()).isEqualTo("3");
    assertThat(h.get("@acct@b").getEntity().hasLockedBy()).isFalse();
    OrchestrationTest.assertNothingElseQueued(h, worker);
  }

  @Test
  void residentEntities_stayWithinTheBound_andEveryEntityIsStillServed() throws Exception {
    h = SchedulerHarness.evictingIdleEntities(b -> b.maxResidentEntities(2));
    TestWorker worker = h.worker();
    for (int i = 0; i < 5; i++) {
      h.signal("@n@" + i, "set", Integer.toString(i));
      worker.complete(resultAll(worker.nextEntity(), "s" + i).build());
    }
    awaitResident(2);

    for (int i = 0; i < 5; i++) {
      assertThat(h.get("@n@" + i).getEntity().getSerializedState().getValue()).isEqualTo("s" + i);
    }
    h.signal("@n@0", "set", "again");
    WorkItem reloaded = worker.nextEntity();
    assertThat(reloaded.getEntityRequestV2().getEntityState().getValue()).isEqualTo("s0");
  }

  @Test
  void inMemory_keepsEveryEntity_whateverTheBound() throws Exception {
    h = new SchedulerHarness(b -> b.maxResidentEntities(0));
    TestWorker worker = h.worker();
    h.signal("@n@a", "set", "1");
    worker.complete(resultAll(worker.nextEntity(), "1").build());

    assertThat(h.get("@n@a").getEntity().getSerializedState().getValue()).isEqualTo("1");
    assertThat(h.scheduler.residentEntities()).isEqualTo(1);
  }
}
