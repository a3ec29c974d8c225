package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYLOCKGRANTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ENTITYOPERATIONCOMPLETED;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.WorkItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A locked transfer across entities whose messages were spilled (committed, not in memory: more
 * entities live than {@code maxResidentEntities} while no worker was connected): the lock request
 * waits behind the operations queued before it, the calls' responses reach the orchestration, and
 * the amount moves exactly once.
 */
class SpilledLocksTest {

  private SchedulerHarness h;

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void lockedTransfer_acrossSpilledEntities_runsAfterTheirQueuedOperations() throws Exception {
    h = SchedulerHarness.evictingIdleEntities(b -> b.maxResidentEntities(2));
    for (int i = 0; i < 5; i++) {
      h.signal("@fill@" + i, "add", "1");
    }
    h.signal("@acct@a", "add", "10");
    h.signal("@acct@b", "add", "5");
    int residentBeforeAnyWorker = h.scheduler.residentEntities();
    boolean existsWhileSpilled = h.get("@acct@b").getExists();
    h.client.startInstance(start("t1", "Transfer", null).build());

    TestWorker worker = h.worker();
    Map<String, Integer> states = new HashMap<>();
    Map<String, List<String>> applied = new HashMap<>();
    List<HistoryEvent.EventTypeCase> seenByOrchestration = new ArrayList<>();
    String cs = UUID.randomUUID().toString();
    int step = 0;
    int operations = 0;
    while (step < 4 || operations < 9) {
      WorkItem item = worker.next();
      if (item.hasEntityRequestV2()) {
        String id = item.getEntityRequestV2().getInstanceId();
        int state = states.getOrDefault(id, 0);
        for (HistoryEvent e : item.getEntityRequestV2().getOperationRequestsList()) {
          String op =
              e.hasEntityOperationSignaled()
                  ? e.getEntityOperationSignaled().getOperation()
                  : e.getEntityOperationCalled().getOperation();
          int input =
              Integer.parseInt(
                  e.hasEntityOperationSignaled()
                      ? e.getEntityOperationSignaled().getInput().getValue()
                      : e.getEntityOperationCalled().getInput().getValue());
          state += op.equals("add") ? input : -input;
          applied.computeIfAbsent(id, k -> new ArrayList<>()).add(op + " " + input);
          operations++;
        }
        states.put(id, state);
        worker.complete(resultAll(item, Integer.toString(state)).build());
        continue;
      }
      assertThat(item.hasOrchestratorRequest()).as("an orchestration work item").isTrue();
      if (step > 0) {
        seenByOrchestration.add(Orch.lastNew(item).getEventTypeCase());
      }
      switch (step++) {
        case 0 ->
            worker.completeOrchestrator(
                response(item, Orch.lock(0, cs, "t1", "@acct@a", "@acct@b")).build());
        case 1 ->
            worker.completeOrchestrator(
                response(item, Orch.callEntity(1, "@acct@a", "sub", "3", uuid())).build());
        case 2 ->
            worker.completeOrchestrator(
                response(item, Orch.callEntity(2, "@acct@b", "add", "3", uuid())).build());
        default ->
            worker.completeOrchestrator(
                response(
                        item,
                        Orch.unlock(3, cs, "t1", "@acct@a"),
                        Orch.unlock(4, cs, "t1", "@acct@b"),
                        Orch.complete(5, "\"done\""))
                    .build());
      }
    }

    assertThat(residentBeforeAnyWorker).as("resident before a worker").isLessThanOrEqualTo(2);
    assertThat(existsWhileSpilled).as("a spilled entity exists").isTrue();
    assertThat(seenByOrchestration)
        .containsExactly(ENTITYLOCKGRANTED, ENTITYOPERATIONCOMPLETED, ENTITYOPERATIONCOMPLETED);
    assertThat(applied.get("@acct@a")).containsExactly("add 10", "sub 3");
    assertThat(applied.get("@acct@b")).containsExactly("add 5", "add 3");
    for (int i = 0; i < 5; i++) {
      assertThat(applied.get("@fill@" + i)).containsExactly("add 1");
    }
    assertThat(h.get("@acct@a").getEntity().getSerializedState().getValue()).isEqualTo("7");
    assertThat(h.get("@acct@b").getEntity().getSerializedState().getValue()).isEqualTo("8");
    assertThat(h.get("@acct@b").getEntity().hasLockedBy()).isFalse();
    OrchestrationTest.assertNothingElseQueued(h, worker);
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }
}
