package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.inputs;
import static io.durableentities.scheduler.SchedulerHarness.operations;
import static io.durableentities.scheduler.SchedulerHarness.result;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static io.durableentities.scheduler.SchedulerHarness.signalRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.WorkItem;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignalAndDispatchTest {

  private final SchedulerHarness h = new SchedulerHarness();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void signal_isDeliveredAsV2WorkItem_withSignaledEvent() throws Exception {
    TestWorker worker = h.worker();
    String requestId = UUID.randomUUID().toString();

    h.client.signalEntity(
        SignalEntityRequest.newBuilder()
            .setInstanceId("@Counter@k1")
            .setName("add")
            .setInput(StringValue.of("5"))
            .setRequestId(requestId)
            .build());
    WorkItem item = worker.next();

    assertThat(item.hasEntityRequestV2()).isTrue();
    assertThat(item.getCompletionToken()).isNotEmpty();
    EntityRequest request = item.getEntityRequestV2();
    assertThat(request.getInstanceId()).isEqualTo("@counter@k1");
    assertThat(request.hasEntityState()).as("no state yet").isFalse();
    assertThat(request.getOperationRequestsList()).hasSize(1);
    HistoryEvent event = request.getOperationRequests(0);
    assertThat(event.hasEntityOperationSignaled()).isTrue();
    EntityOperationSignaledEvent signaled = event.getEntityOperationSignaled();
    assertThat(signaled.getRequestId()).isEqualTo(requestId);
    assertThat(signaled.getOperation()).isEqualTo("add");
    assertThat(signaled.getInput().getValue()).isEqualTo("5");
  }

  @Test
  void complete_storesState_andGetEntityShowsIt() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    worker.complete(resultAll(item, "1").build());

    var response = h.get("@counter@a");
    assertThat(response.getExists()).isTrue();
    assertThat(response.getEntity().getInstanceId()).isEqualTo("@counter@a");
    assertThat(response.getEntity().getSerializedState().getValue()).isEqualTo("1");
    assertThat(response.getEntity().getBacklogQueueSize()).isZero();
    assertThat(response.getEntity().getLastModifiedTime().getSeconds())
        .isEqualTo(h.clock.instant().getEpochSecond());
  }

  @Test
  void nextBatch_carriesTheStoredState_andUnsetStateDeletesTheEntity() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    worker.complete(resultAll(worker.next(), "1").build());

    h.signal("@counter@a", "delete", null);
    WorkItem second = worker.next();
    assertThat(second.getEntityRequestV2().getEntityState().getValue()).isEqualTo("1");
    worker.complete(resultAll(second, null).build());

    assertThat(h.get("@counter@a").getExists()).isFalse();
  }

  @Test
  void complete_withFewerResults_redeliversLeftover() throws Exception {
    TestWorker worker = h.worker();
    // Hold the entity busy so that three signals queue up behind the first batch.
    h.signal("@counter@a", "op0", "0");
    WorkItem first = worker.next();
    h.signal("@counter@a", "op1", "1");
    h.signal("@counter@a", "op2", "2");
    h.signal("@counter@a", "op3", "3");
    worker.complete(resultAll(first, "s0").build());
    WorkItem batch = worker.next();
    assertThat(operations(batch)).containsExactly("op1", "op2", "op3");

    worker.complete(result(batch, 1, "s1").build());
    WorkItem leftover = worker.next();

    assertThat(operations(leftover)).containsExactly("op2", "op3");
    assertThat(leftover.getEntityRequestV2().getEntityState().getValue()).isEqualTo("s1");
    assertThat(leftover.getCompletionToken()).isNotEqualTo(batch.getCompletionToken());
  }

  @Test
  void complete_emittedSignal_isEnqueuedToTarget_withFreshGuid() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@source@1", "go", null);
    WorkItem item = worker.next();

    worker.complete(
        resultAll(item, "done")
            .addActions(
                OperationAction.newBuilder()
                    .setId(0)
                    .setSendSignal(
                        SendSignalAction.newBuilder()
                            .setInstanceId("@Target@x")
                            .setName("ping")
                            .setInput(StringValue.of("\"hi\""))))
            .addActions(
                OperationAction.newBuilder()
                    .setId(1)
                    .setSendSignal(
                        SendSignalAction.newBuilder().setInstanceId("@target@x").setName("ping")))
            .build());
    WorkItem target = worker.next();

    assertThat(target.getEntityRequestV2().getInstanceId()).isEqualTo("@target@x");
    assertThat(operations(target)).containsExactly("ping", "ping");
    assertThat(inputs(target).get(0)).isEqualTo("\"hi\"");
    String id1 =
        target
            .getEntityRequestV2()
            .getOperationRequests(0)
            .getEntityOperationSignaled()
            .getRequestId();
    String id2 =
        target
            .getEntityRequestV2()
            .getOperationRequests(1)
            .getEntityOperationSignaled()
            .getRequestId();
    assertThat(UUID.fromString(id1)).isNotEqualTo(UUID.fromString(id2));
  }

  @Test
  void signal_duplicateRequestId_isEnqueuedOnce() throws Exception {
    SignalEntityRequest request = signalRequest("@counter@dup", "add", "1");
    h.client.signalEntity(request);
    h.client.signalEntity(request);
    h.client.signalEntity(request.toBuilder().setInstanceId("@COUNTER@dup").build());
    h.signal("@counter@dup", "after", null);
    TestWorker worker = h.worker();

    WorkItem item = worker.next();

    assertThat(operations(item)).containsExactly("add", "after");
  }

  @Test
  void signal_sameRequestIdAfterTheDedupWindow_isEnqueuedAgain() throws Exception {
    SignalEntityRequest request = signalRequest("@counter@w", "add", "1");
    TestWorker worker = h.worker();
    h.client.signalEntity(request);
    worker.complete(resultAll(worker.next(), "1").build());

    h.clock.advance(Duration.ofMinutes(59));
    h.runMaintenanceNow();
    h.client.signalEntity(request);
    h.signal("@sentinel@s", "probe", null);
    WorkItem sentinel = worker.next();
    assertThat(sentinel.getEntityRequestV2().getInstanceId())
        .as("still a duplicate within the one-hour window")
        .isEqualTo("@sentinel@s");
    worker.complete(resultAll(sentinel, null).build());

    h.clock.advance(Duration.ofMinutes(2));
    h.runMaintenanceNow();
    h.client.signalEntity(request);

    assertThat(worker.next().getEntityRequestV2().getInstanceId()).isEqualTo("@counter@w");
  }

  @Test
  void signal_emptyRequestId_getsAFreshGuid() throws Exception {
    TestWorker worker = h.worker();
    h.client.signalEntity(
        SignalEntityRequest.newBuilder().setInstanceId("@counter@e").setName("add").build());

    WorkItem item = worker.next();

    String id =
        item.getEntityRequestV2()
            .getOperationRequests(0)
            .getEntityOperationSignaled()
            .getRequestId();
    assertThat(UUID.fromString(id)).isNotNull();
  }

  @Test
  void signal_scheduled_isNotDeliveredBeforeItsTime() throws Exception {
    TestWorker worker = h.worker();
    var due = h.clock.instant().plus(Duration.ofMinutes(5));
    h.client.signalEntity(
        signalRequest("@timer@t", "fire", null).toBuilder()
            .setScheduledTime(Timestamp.newBuilder().setSeconds(due.getEpochSecond()))
            .build());

    // One millisecond early: still held. A sentinel signal proves the stream is served.
    h.clock.advance(Duration.ofMinutes(5).minusMillis(1));
    h.runMaintenanceNow();
    h.signal("@sentinel@s", "probe", null);
    assertThat(worker.next().getEntityRequestV2().getInstanceId()).isEqualTo("@sentinel@s");
    assertThat(worker.hasPending()).isFalse();

    h.clock.advance(Duration.ofMillis(1));
    h.runMaintenanceNow();
    WorkItem item = worker.next();

    assertThat(item.getEntityRequestV2().getInstanceId()).isEqualTo("@timer@t");
    assertThat(operations(item)).containsExactly("fire");
  }

  @Test
  void getEntity_unknown_existsFalse_andQueuedWithoutState_showsItsBacklog() {
    assertThat(h.get("@nobody@x").getExists()).isFalse();

    h.signal("@counter@queued", "add", "1");

    assertThat(h.get("@counter@queued"))
        .as("a backlog but no state")
        .satisfies(r -> assertThat(r.getExists()).isTrue())
        .satisfies(r -> assertThat(r.getEntity().getBacklogQueueSize()).isEqualTo(1))
        .satisfies(r -> assertThat(r.getEntity().hasSerializedState()).isFalse());
  }

  @Test
  void hello_answers() {
    assertThat(h.client.hello(Empty.getDefaultInstance())).isNotNull();
  }
}
