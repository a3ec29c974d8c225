package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.operations;
import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static io.durableentities.scheduler.SchedulerHarness.signalRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CreateTaskHubRequest;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitsAndValidationTest {

  private final SchedulerHarness h =
      new SchedulerHarness(
          b -> b.maxMessageBytes(64 * 1024).maxEntityStateBytes(1024).maxDeliveryAttempts(5));

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String... contains) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              for (String part : contains) {
                assertThat(e.getStatus().getDescription()).contains(part);
              }
            });
  }

  private long transientCount() {
    return h.client
        .queryEntities(
            QueryEntitiesRequest.newBuilder()
                .setQuery(EntityQuery.newBuilder().setIncludeTransient(true))
                .build())
        .getEntitiesCount();
  }

  @Test
  void signal_malformedIds_areInvalidArgument_namingTheId() {
    assertStatus(
        () -> h.signal("counter@a", "add", null), Status.Code.INVALID_ARGUMENT, "counter@a", "'@'");
    assertStatus(() -> h.signal("@@a", "add", null), Status.Code.INVALID_ARGUMENT, "@@a", "name");
    assertStatus(() -> h.signal("@counter", "add", null), Status.Code.INVALID_ARGUMENT, "@counter");
    assertStatus(() -> h.signal("", "add", null), Status.Code.INVALID_ARGUMENT, "empty");
    assertStatus(
        () -> h.client.getEntity(GetEntityRequest.newBuilder().setInstanceId("nope").build()),
        Status.Code.INVALID_ARGUMENT,
        "nope");
    assertThat(transientCount()).isZero();
  }

  @Test
  void signal_nonGuidRequestId_isInvalidArgument() {
    assertStatus(
        () ->
            h.client.signalEntity(
                signalRequest("@counter@a", "add", null).toBuilder().setRequestId("req-1").build()),
        Status.Code.INVALID_ARGUMENT,
        "req-1",
        "@counter@a",
        "GUID");
    assertThat(transientCount()).isZero();
  }

  @Test
  void signal_oversizedInput_isResourceExhausted_andNothingStored() {
    String big = "x".repeat(65 * 1024);

    assertStatus(
        () -> h.signal("@counter@big", "add", big), Status.Code.RESOURCE_EXHAUSTED, "maximum size");

    assertThat(transientCount()).isZero();
    h.signal("@counter@small", "add", "1");
    assertThat(transientCount()).as("other requests are still served").isEqualTo(1);
  }

  @Test
  void complete_oversizedState_isRejected_andRedelivered() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    assertStatus(
        () -> worker.complete(resultAll(item, "y".repeat(2000)).build()),
        Status.Code.RESOURCE_EXHAUSTED,
        "@counter@a",
        "2000 bytes");
    WorkItem again = worker.next();

    assertThat(operations(again)).containsExactly("add");
    assertThat(h.get("@counter@a").getEntity().hasSerializedState()).isFalse();
  }

  @Test
  void complete_invalidSignalTarget_commitsNothing() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    assertStatus(
        () ->
            worker.complete(
                resultAll(item, "1")
                    .addActions(
                        OperationAction.newBuilder()
                            .setSendSignal(
                                SendSignalAction.newBuilder()
                                    .setInstanceId("not-an-entity")
                                    .setName("x")))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "@counter@a",
        "not-an-entity");

    assertThat(h.get("@counter@a").getEntity().hasSerializedState()).isFalse();
    assertThat(operations(worker.next())).containsExactly("add");
  }

  @Test
  void complete_moreResultsThanOperations_isInvalidArgument() throws Exception {
    TestWorker worker = h.worker();
    h.signal("@counter@a", "add", "1");
    WorkItem item = worker.next();

    assertStatus(
        () -> worker.complete(SchedulerHarness.result(item, 2, "1").build()),
        Status.Code.INVALID_ARGUMENT,
        "@counter@a",
        "2 results");
  }

  @Test
  void unimplementedRpc_namesItself() {
    assertStatus(
        () -> h.client.createTaskHub(CreateTaskHubRequest.getDefaultInstance()),
        Status.Code.UNIMPLEMENTED,
        "CreateTaskHub is not served by this scheduler version");
  }

  @Test
  void signal_entityNameIsLowerCased_keyKeptAsGiven() throws Exception {
    TestWorker worker = h.worker();

    h.client.signalEntity(
        signalRequest("@Counter@Key@With@At", "add", null).toBuilder()
            .setInput(StringValue.of("1"))
            .build());

    assertThat(worker.next().getEntityRequestV2().getInstanceId())
        .isEqualTo("@counter@Key@With@At");
  }
}
