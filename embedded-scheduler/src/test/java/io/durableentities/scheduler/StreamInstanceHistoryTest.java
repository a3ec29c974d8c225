package io.durableentities.scheduler;

import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONCOMPLETED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.EXECUTIONSTARTED;
import static io.durableentities.protocol.internal.HistoryEvent.EventTypeCase.TASKSCHEDULED;
import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.HistoryChunk;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.StreamInstanceHistoryRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code StreamInstanceHistory} over raw gRPC. */
class StreamInstanceHistoryTest {

  final SchedulerHarness h = harness();

  SchedulerHarness harness() {
    return new SchedulerHarness();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  private List<HistoryEvent> history(StreamInstanceHistoryRequest.Builder r) {
    List<HistoryEvent> events = new ArrayList<>();
    h.client
        .streamInstanceHistory(r.build())
        .forEachRemaining(c -> events.addAll(c.getEventsList()));
    return events;
  }

  @Test
  void streamsTheCurrentExecutionsHistory_inOrder() throws Exception {
    TestWorker worker = h.worker();
    h.client.startInstance(start("chain", "Chain", "1").build());
    WorkItem first = worker.nextOrchestration();
    worker.completeOrchestrator(response(first, Orch.scheduleTask(0, "Step", "1")).build());
    WorkItem activity = worker.nextActivity();
    worker.completeActivity(Orch.activityResult(activity, "2").build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), Orch.complete(1, "2")).build());
    String executionId = Orch.state(h.client, "chain").getExecutionId().getValue();

    List<HistoryEvent> events =
        history(StreamInstanceHistoryRequest.newBuilder().setInstanceId("chain"));
    List<HistoryEvent> same =
        history(
            StreamInstanceHistoryRequest.newBuilder()
                .setInstanceId("chain")
                .setExecutionId(StringValue.of(executionId)));

    assertThat(Orch.types(events)).contains(EXECUTIONSTARTED, TASKSCHEDULED, EXECUTIONCOMPLETED);
    assertThat(Orch.types(events).indexOf(EXECUTIONSTARTED))
        .isLessThan(Orch.types(events).indexOf(TASKSCHEDULED));
    assertThat(Orch.types(events).get(events.size() - 1)).isEqualTo(EXECUTIONCOMPLETED);
    assertThat(same).isEqualTo(events);
  }

  @Test
  void longHistory_comesInSeveralChunks() throws Exception {
    TestWorker worker = h.worker();
    String big = "\"" + "x".repeat(100_000) + "\"";
    h.client.startInstance(start("big", "Big", null).build());
    worker.completeOrchestrator(
        response(
                worker.nextOrchestration(),
                Orch.scheduleTask(0, "A", big),
                Orch.scheduleTask(1, "B", big),
                Orch.scheduleTask(2, "C", big),
                Orch.scheduleTask(3, "D", big))
            .build());

    List<HistoryChunk> chunks = new ArrayList<>();
    h.client
        .streamInstanceHistory(
            StreamInstanceHistoryRequest.newBuilder().setInstanceId("big").build())
        .forEachRemaining(chunks::add);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks.stream().mapToInt(HistoryChunk::getEventsCount).sum())
        .isGreaterThanOrEqualTo(6);
  }

  @Test
  void unknownInstanceOrExecution_isNotFound() {
    h.client.startInstance(start("pending", "P", null).build());

    assertThatThrownBy(
            () -> history(StreamInstanceHistoryRequest.newBuilder().setInstanceId("nobody")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).contains("nobody");
            });
    assertThatThrownBy(
            () ->
                history(
                    StreamInstanceHistoryRequest.newBuilder()
                        .setInstanceId("pending")
                        .setExecutionId(StringValue.of("another"))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).contains("only the current execution"));
  }
}
