package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.SchedulerHarness.inputs;
import static io.durableentities.scheduler.SchedulerHarness.operations;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityOperationFailedEvent;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkItemFilters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every accepted operation is deliverable, or ends: no work item is larger than {@code
 * maxMessageBytes} (here 64 KiB), what could never fit is refused, and what stopped fitting is
 * failed to its caller.
 */
class DeliverableSizeTest {

  private static final int LIMIT = 64 * 1024;

  private final SchedulerHarness h =
      new SchedulerHarness(
          b ->
              b.maxMessageBytes(LIMIT)
                  .maxEntityStateBytes(32 * 1024)
                  .maxDeliveryAttempts(3)
                  .dashboardPort(0));

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  private static void assertFits(WorkItem item) {
    assertThat(item.getSerializedSize()).as("the work item's size").isLessThanOrEqualTo(LIMIT);
  }

  /** Gives the entity a state of {@code chars} characters through a worker. */
  private void giveState(TestWorker worker, String id, int chars) throws InterruptedException {
    h.signal(id, "set", null);
    worker.complete(resultAll(worker.next(), "s".repeat(chars)).build());
  }

  @Test
  void aSignalThatCouldNeverBeDeliveredWithTheEntitysState_isRefused_andOneThatFitsIsDelivered()
      throws Exception {
    TestWorker worker = h.worker();
    giveState(worker, "@counter@a", 30_000);

    assertThatThrownBy(() -> h.signal("@counter@a", "add", "i".repeat(40_000)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription())
                  .contains(
                      "@counter@a",
                      "'add'",
                      "could never be delivered",
                      "the entity's state 30000 bytes",
                      "maxMessageBytes");
            });
    h.signal("@counter@a", "add", "i".repeat(30_000));

    WorkItem item = worker.next();
    assertThat(inputs(item)).containsExactly("i".repeat(30_000));
    assertFits(item);
  }

  @Test
  void aBatchThatWouldExceedTheLimit_isCut_intoWorkItemsThatFit() throws Exception {
    h.signal("@counter@b", "add", "1".repeat(25_000));
    h.signal("@counter@b", "add", "2".repeat(25_000));
    h.signal("@counter@b", "add", "3".repeat(25_000));
    TestWorker worker = h.worker();

    WorkItem first = worker.next();
    assertFits(first);
    assertThat(operations(first)).hasSize(2);
    worker.complete(resultAll(first, null).build());
    WorkItem second = worker.next();

    assertFits(second);
    assertThat(inputs(second)).containsExactly("3".repeat(25_000));
  }

  @Test
  void aCallThatTheStateOutgrew_isFailedToItsCaller_withTheReason() throws Exception {
    TestWorker orchestrations =
        h.worker(
            null,
            GetWorkItemsRequest.newBuilder()
                .setWorkItemFilters(
                    WorkItemFilters.newBuilder()
                        .addOrchestrations(OrchestrationFilter.newBuilder().setName("O")))
                .build());
    TestWorker entities = h.workerFor("counter");
    h.signal("@counter@c", "grow", null);
    WorkItem grow = entities.nextEntity();
    h.client.startInstance(start("o1", "O", null).build());
    String requestId = UUID.randomUUID().toString();
    orchestrations.completeOrchestrator(
        response(
                orchestrations.nextOrchestration(),
                Orch.callEntity(1, "@counter@c", "big", "b".repeat(40_000), requestId))
            .build());

    entities.complete(resultAll(grow, "g".repeat(30_000)).build());

    HistoryEvent answer = Orch.lastNew(orchestrations.nextOrchestration());
    assertThat(answer.hasEntityOperationFailed()).as("the call failed to its caller").isTrue();
    EntityOperationFailedEvent failed = answer.getEntityOperationFailed();
    assertThat(failed.getRequestId()).isEqualTo(requestId);
    assertThat(failed.getFailureDetails().getErrorType())
        .isEqualTo("EntityOperationDeliveryFailed");
    assertThat(failed.getFailureDetails().getIsNonRetriable()).isTrue();
    assertThat(failed.getFailureDetails().getErrorMessage())
        .contains("'big'", "@counter@c", "cannot be delivered", "state 30000 bytes", "65536");
    h.signal("@counter@c", "probe", null);
    assertThat(operations(entities.nextEntity()))
        .as("the entity goes on; the call was never sent")
        .containsExactly("probe");
  }

  @Test
  void
      aSignalFromAnEntityThatCouldNeverBeDelivered_isDropped_shownOnTheDashboard_andTheTargetGoesOn()
          throws Exception {
    TestWorker worker = h.worker();
    giveState(worker, "@counter@t", 30_000);
    h.signal("@counter@source", "fanOut", null);
    WorkItem source = worker.next();

    worker.complete(
        resultAll(source, null)
            .addActions(
                OperationAction.newBuilder()
                    .setSendSignal(
                        SendSignalAction.newBuilder()
                            .setInstanceId("@counter@t")
                            .setName("huge")
                            .setInput(StringValue.of("h".repeat(40_000)))))
            .build());
    h.signal("@counter@t", "probe", null);

    WorkItem next = worker.next();
    assertFits(next);
    assertThat(operations(next)).containsExactly("probe");
    JsonNode dropped =
        new DashboardHttp(h.scheduler.dashboardPort().orElseThrow())
            .get("/api/entities")
            .body()
            .get("dropped");
    assertThat(dropped.get("count").asLong()).isEqualTo(1);
    JsonNode drop = dropped.get("latest").get(0);
    assertThat(drop.get("entityId").asText()).isEqualTo("@counter@t");
    assertThat(drop.get("operation").asText()).isEqualTo("huge");
    assertThat(drop.get("call").asBoolean()).isFalse();
    assertThat(drop.get("reason").asText()).contains("cannot be delivered", "maxMessageBytes");
  }
}
