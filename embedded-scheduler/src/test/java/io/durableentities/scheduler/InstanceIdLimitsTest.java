package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.InstanceBatch;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.ResumeRequest;
import io.durableentities.protocol.internal.StreamInstanceHistoryRequest;
import io.durableentities.protocol.internal.SuspendRequest;
import io.durableentities.protocol.internal.TerminateRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Orchestration instance ids follow the rules of entity ids (at most 4096 characters, no control
 * characters) on every RPC that takes one, and no status quotes a caller's input whole: a status
 * message travels in a header that clients cap at 8 KiB.
 */
class InstanceIdLimitsTest {

  private final SchedulerHarness h = new SchedulerHarness();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  /** Each RPC that takes an instance id, called with {@code id}. */
  private Map<String, Function<String, ThrowingCallable>> rpcs() {
    return Map.of(
        "StartInstance", id -> () -> h.client.startInstance(start(id, "Orch", null).build()),
        "GetInstance",
            id ->
                () ->
                    h.client.getInstance(GetInstanceRequest.newBuilder().setInstanceId(id).build()),
        "WaitForInstanceCompletion",
            id ->
                () ->
                    h.client.waitForInstanceCompletion(
                        GetInstanceRequest.newBuilder().setInstanceId(id).build()),
        "RaiseEvent",
            id ->
                () ->
                    h.client.raiseEvent(
                        RaiseEventRequest.newBuilder().setInstanceId(id).setName("go").build()),
        "TerminateInstance",
            id ->
                () ->
                    h.client.terminateInstance(
                        TerminateRequest.newBuilder().setInstanceId(id).build()),
        "SuspendInstance",
            id ->
                () ->
                    h.client.suspendInstance(SuspendRequest.newBuilder().setInstanceId(id).build()),
        "ResumeInstance",
            id ->
                () -> h.client.resumeInstance(ResumeRequest.newBuilder().setInstanceId(id).build()),
        "PurgeInstances",
            id ->
                () ->
                    h.client.purgeInstances(
                        PurgeInstancesRequest.newBuilder()
                            .setInstanceBatch(InstanceBatch.newBuilder().addInstanceIds(id))
                            .build()),
        "StreamInstanceHistory",
            id ->
                () ->
                    h.client
                        .streamInstanceHistory(
                            StreamInstanceHistoryRequest.newBuilder().setInstanceId(id).build())
                        .hasNext());
  }

  private static void assertInvalid(ThrowingCallable call, String rpc, String... contains) {
    assertThatThrownBy(call)
        .as(rpc)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).as(rpc).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).as(rpc).startsWith(rpc + ": ");
              assertThat(e.getStatus().getDescription()).as(rpc).contains(contains);
              assertThat(e.getStatus().getDescription().length()).as(rpc).isLessThan(400);
            });
  }

  @Test
  void everyRpcTakingAnInstanceId_refusesA100KbId_withAShortMessage() {
    String huge = "x".repeat(100 * 1024);
    rpcs()
        .forEach(
            (rpc, call) ->
                assertInvalid(
                    call.apply(huge), rpc, "longer than 4096 characters", "…(102400 chars)"));
  }

  @Test
  void everyRpcTakingAnInstanceId_refusesNulAndNewlines() {
    rpcs()
        .forEach(
            (rpc, call) -> {
              assertInvalid(call.apply("order\u00001"), rpc, "U+0000", "order\\u00001");
              assertInvalid(call.apply("order\n1"), rpc, "U+000A", "index 5");
            });
  }

  @Test
  void raiseEvent_toAnUnknownLongId_isNotFound_quotingAShortPrefix() {
    // 4000 non-ASCII characters: within the limit, but 24 KB once percent-encoded in a header.
    String id = "é".repeat(4000);

    assertThatThrownBy(
            () ->
                h.client.raiseEvent(
                    RaiseEventRequest.newBuilder().setInstanceId(id).setName("go").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription())
                  .startsWith("RaiseEvent: no orchestration instance 'éé")
                  .endsWith("…(4000 chars)'");
            });
  }

  @Test
  void namesFollowTheSameRules() {
    assertInvalid(
        () -> h.client.startInstance(start("o-1", "Orch\nInjected", null).build()),
        "StartInstance",
        "the orchestration name",
        "U+000A");
    assertInvalid(
        () -> h.client.startInstance(start("o-1", "n".repeat(5000), null).build()),
        "StartInstance",
        "the orchestration name",
        "…(5000 chars)");
    h.client.startInstance(start("o-1", "Orch", null).build());
    assertInvalid(
        () ->
            h.client.raiseEvent(
                RaiseEventRequest.newBuilder().setInstanceId("o-1").setName("e\u0000").build()),
        "RaiseEvent",
        "the event name",
        "U+0000");
    assertInvalid(
        () ->
            h.client.signalEntity(
                SchedulerHarness.signalRequest("@counter@a", "op".repeat(3000), null)),
        "SignalEntity",
        "the operation name",
        "…(6000 chars)");
  }

  @Test
  void queryPrefixes_followTheSameRules() {
    assertInvalid(
        () ->
            h.client.queryInstances(
                QueryInstancesRequest.newBuilder()
                    .setQuery(
                        InstanceQuery.newBuilder()
                            .setInstanceIdPrefix(StringValue.of("p".repeat(5000))))
                    .build()),
        "QueryInstances",
        "the instance id prefix",
        "…(5000 chars)");
    assertInvalid(
        () ->
            h.client.queryEntities(
                QueryEntitiesRequest.newBuilder()
                    .setQuery(
                        EntityQuery.newBuilder().setInstanceIdStartsWith(StringValue.of("@c\n")))
                    .build()),
        "QueryEntities",
        "the entity id prefix",
        "U+000A");
  }

  @Test
  void anIdAtTheLimit_isAccepted() {
    String id = "i".repeat(4096);

    h.client.startInstance(start(id, "Orch", null).build());

    assertThat(Orch.state(h.client, id).getInstanceId()).isEqualTo(id);
  }
}
