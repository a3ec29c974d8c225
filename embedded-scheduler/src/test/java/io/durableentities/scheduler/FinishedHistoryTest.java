package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONCOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONSTARTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TASKCOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TASKSCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.StreamInstanceHistoryRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished orchestration keeps its history only in the store (memory and start-up hold what is
 * live): it is still served by {@code StreamInstanceHistory} and the dashboard, before and after a
 * restart, and purge still deletes it; a running instance resumes after a restart with its history.
 */
class FinishedHistoryTest {

  @TempDir Path dataDir;

  private SchedulerHarness start() {
    return new SchedulerHarness(b -> b.dataDir(dataDir).dashboardPort(0));
  }

  private static List<HistoryEvent> history(SchedulerHarness h, String instanceId) {
    List<HistoryEvent> events = new ArrayList<>();
    h.client
        .streamInstanceHistory(
            StreamInstanceHistoryRequest.newBuilder().setInstanceId(instanceId).build())
        .forEachRemaining(c -> events.addAll(c.getEventsList()));
    return events;
  }

  /** Runs an instance to completion on the worker: one activity, then completes with "2". */
  private static void runChain(SchedulerHarness h, TestWorker worker, String instanceId)
      throws InterruptedException {
    h.client.startInstance(Orch.start(instanceId, "Chain", "1").build());
    worker.completeOrchestrator(
        Orch.response(worker.nextOrchestration(), Orch.scheduleTask(0, "Step", "1")).build());
    worker.completeActivity(Orch.activityResult(worker.nextActivity(), "2").build());
    worker.completeOrchestrator(
        Orch.response(worker.nextOrchestration(), Orch.complete(1, "2")).build());
  }

  private long storedHistoryRows(String instanceId) throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        PreparedStatement p =
            c.prepareStatement("SELECT count(*) FROM history WHERE instance_id = ?")) {
      p.setString(1, instanceId);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void completedInstance_historyIsServed_afterItLeftMemory_andAfterARestart() throws Exception {
    List<HistoryEvent> before;
    try (SchedulerHarness h = start()) {
      runChain(h, h.worker(), "chain");
      before = history(h, "chain");
    }

    try (SchedulerHarness h = start()) {
      List<HistoryEvent> after = history(h, "chain");
      JsonNode timeline =
          new DashboardHttp(h.scheduler.dashboardPort().orElseThrow())
              .get("/api/orchestrations/chain")
              .body();

      assertThat(Orch.types(before))
          .containsExactly(
              ORCHESTRATORSTARTED,
              EXECUTIONSTARTED,
              TASKSCHEDULED,
              ORCHESTRATORSTARTED,
              TASKCOMPLETED,
              EXECUTIONCOMPLETED);
      assertThat(after).isEqualTo(before);
      assertThat(Orch.state(h.client, "chain").getOrchestrationStatus())
          .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
      assertThat(Orch.state(h.client, "chain").getOutput().getValue()).isEqualTo("2");
      List<String> types = new ArrayList<>();
      timeline.get("history").forEach(e -> types.add(e.get("type").asText()));
      assertThat(types)
          .containsExactly(
              "OrchestratorStarted",
              "ExecutionStarted",
              "TaskScheduled",
              "OrchestratorStarted",
              "TaskCompleted",
              "ExecutionCompleted");
    }
  }

  @Test
  void purge_deletesAFinishedHistory_fromTheStore_beforeAndAfterARestart() throws Exception {
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      runChain(h, worker, "purged-now");
      runChain(h, worker, "purged-later");
      assertThat(storedHistoryRows("purged-now")).isEqualTo(6);

      h.client.purgeInstances(
          PurgeInstancesRequest.newBuilder().setInstanceId("purged-now").build());

      assertThat(storedHistoryRows("purged-now")).isZero();
      assertThatThrownBy(() -> history(h, "purged-now"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    try (SchedulerHarness h = start()) {
      var purged =
          h.client.purgeInstances(
              PurgeInstancesRequest.newBuilder().setInstanceId("purged-later").build());

      assertThat(purged.getDeletedInstanceCount()).isEqualTo(1);
      assertThat(storedHistoryRows("purged-later")).isZero();
      assertThat(
              h.client
                  .getInstance(GetInstanceRequest.newBuilder().setInstanceId("purged-now").build())
                  .getExists())
          .isFalse();
      assertThatThrownBy(() -> history(h, "purged-later"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void runningInstance_resumesAfterARestart_withItsHistory_besideAFinishedOne() throws Exception {
    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      runChain(h, worker, "finished");
      h.client.startInstance(Orch.start("running", "Chain", "1").build());
      worker.completeOrchestrator(
          Orch.response(worker.nextOrchestration(), Orch.scheduleTask(0, "Step", "1")).build());
      worker.nextActivity();
    }

    try (SchedulerHarness h = start()) {
      TestWorker worker = h.worker();
      WorkItem activity = worker.nextActivity();
      worker.completeActivity(Orch.activityResult(activity, "2").build());
      WorkItem resumed = worker.nextOrchestration();
      List<HistoryEvent> past = resumed.getOrchestratorRequest().getPastEventsList();
      worker.completeOrchestrator(Orch.response(resumed, Orch.complete(1, "2")).build());

      assertThat(activity.getActivityRequest().getOrchestrationInstance().getInstanceId())
          .isEqualTo("running");
      assertThat(resumed.getOrchestratorRequest().getInstanceId()).isEqualTo("running");
      assertThat(Orch.types(past))
          .containsExactly(ORCHESTRATORSTARTED, EXECUTIONSTARTED, TASKSCHEDULED);
      assertThat(Orch.newTypes(resumed)).contains(TASKCOMPLETED);
      assertThat(Orch.types(history(h, "running")))
          .containsExactly(
              ORCHESTRATORSTARTED,
              EXECUTIONSTARTED,
              TASKSCHEDULED,
              ORCHESTRATORSTARTED,
              TASKCOMPLETED,
              EXECUTIONCOMPLETED);
      assertThat(Orch.types(history(h, "finished"))).endsWith(EXECUTIONCOMPLETED);
    }
  }
}
