package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.protocol.internal.OrchestratorAction.OrchestratorActionTypeCase;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Golden histories for entity signals and calls from orchestrations. */
class EntityReplayTest {

  static final EntityInstanceId COUNTER = EntityInstanceId.of("Counter", "c1");
  private static final Instant T1 = T0.plusSeconds(10);

  private static final Orchestration GET_COUNTER =
      ctx -> ctx.entities().call(COUNTER, "get", null, Long.class);

  /** The request id the n-th deterministic id of an episode at {@code at} has. */
  static String uuid(Instant at, int counter) {
    return Uuids.v5(Uuids.ORCHESTRATION_NAMESPACE, History.INSTANCE + "-" + at + "-" + counter)
        .toString();
  }

  @Test
  void signal_new_sendsEntityOperationSignaled() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().signal(COUNTER, "add", 5);
          return null;
        };

    OrchestratorResponse response = Replay.run(orchestration, History.starting("Orch", null));

    assertThat(Replay.actions(response))
        .containsExactly("#0 SignalEntity @counter@c1 add input=5", "#1 Complete COMPLETED");
    var signaled =
        Replay.first(response, OrchestratorActionTypeCase.SENDENTITYMESSAGE)
            .getSendEntityMessage()
            .getEntityOperationSignaled();
    assertThat(signaled.getRequestId()).isEqualTo(uuid(T0, 0));
    assertThat(signaled.hasScheduledTime()).isFalse();
  }

  @Test
  void signal_scheduled_setsScheduledTime() {
    Instant at = T0.plusSeconds(3600);
    Orchestration orchestration =
        ctx -> {
          ctx.entities().signal(COUNTER, "reset", null, at);
          return null;
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 SignalEntity @counter@c1 reset at=" + at, "#1 Complete COMPLETED");
  }

  @Test
  void entityOperationSignaled_inHistory_isNotSentAgain() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().signal(COUNTER, "add", 5);
          return ctx.waitForExternalEvent("Go", String.class).await();
        };
    History history =
        History.started("Orch", null)
            .entitySignaled(0, "@counter@c1", "add")
            .newEvents(T1)
            .eventRaised("Go", "\"done\"");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"done\"");
  }

  @Test
  void call_new_sendsEntityOperationCalledWithParent() {
    OrchestratorResponse response = Replay.run(GET_COUNTER, History.starting("Orch", null));

    assertThat(Replay.actions(response)).containsExactly("#0 CallEntity @counter@c1 get");
    var called =
        Replay.first(response, OrchestratorActionTypeCase.SENDENTITYMESSAGE)
            .getSendEntityMessage()
            .getEntityOperationCalled();
    assertThat(called.getRequestId()).isEqualTo(uuid(T0, 0));
    assertThat(called.getParentInstanceId().getValue()).isEqualTo(History.INSTANCE);
    assertThat(called.getParentExecutionId().getValue()).isEqualTo(History.EXECUTION);
    assertThat(called.getTargetInstanceId().getValue()).isEqualTo("@counter@c1");
  }

  @Test
  void entityOperationCalled_withoutResponse_waits() {
    History history =
        History.started("Orch", null).entityCalled(0, "@counter@c1", "get").newEvents(T1);

    assertThat(Replay.actions(GET_COUNTER, history)).isEmpty();
  }

  @Test
  void entityOperationCompleted_returnsResult() {
    History history =
        History.started("Orch", null)
            .entityCalled(0, "@counter@c1", "get")
            .newEvents(T1)
            .entityCompleted(uuid(T0, 0), "42");

    assertThat(Replay.actions(GET_COUNTER, history))
        .containsExactly("#1 Complete COMPLETED result=42");
  }

  @Test
  void entityOperationFailed_throwsEntityOperationFailedExceptionWithIdAndOperation() {
    Orchestration orchestration =
        ctx -> {
          try {
            return GET_COUNTER.run(ctx);
          } catch (EntityOperationFailedException e) {
            return e.entityId() + " " + e.operationName() + " " + e.failureDetails().summary();
          }
        };
    History history =
        History.started("Orch", null)
            .entityCalled(0, "@counter@c1", "get")
            .newEvents(T1)
            .entityFailed(uuid(T0, 0), "java.lang.IllegalStateException", "broken");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly(
            "#1 Complete COMPLETED result=\"@counter@c1 get IllegalStateException: broken\"");
  }

  @Test
  void callAsync_fanOut_sendsAllCallsInOneEpisode() {
    Orchestration orchestration =
        ctx -> {
          var a = ctx.entities().callAsync(COUNTER, "get", null, Long.class);
          var b =
              ctx.entities()
                  .callAsync(EntityInstanceId.of("counter", "c2"), "get", null, Long.class);
          return a.await() + b.await();
        };
    History history =
        History.started("Orch", null)
            .entityCalled(0, "@counter@c1", "get")
            .entityCalled(1, "@counter@c2", "get")
            .newEvents(T1)
            .entityCompleted(uuid(T0, 1), "2")
            .entityCompleted(uuid(T0, 0), "1");

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CallEntity @counter@c1 get", "#1 CallEntity @counter@c2 get");
    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#2 Complete COMPLETED result=3");
  }

  @Test
  void eventRaisedNamedAfterRequestId_legacyResponse_completesCall() {
    History history =
        History.started("Orch", null)
            .entityCalled(0, "@counter@c1", "get")
            .newEvents(T1)
            .eventRaised(uuid(T0, 0), "{\"result\":\"42\"}");

    assertThat(Replay.actions(GET_COUNTER, history))
        .containsExactly("#1 Complete COMPLETED result=42");
  }

  @Test
  void eventRaisedNamedAfterRequestId_legacyFailure_failsCall() {
    Orchestration orchestration =
        ctx -> {
          try {
            return GET_COUNTER.run(ctx);
          } catch (EntityOperationFailedException e) {
            return e.failureDetails().summary();
          }
        };
    History history =
        History.started("Orch", null)
            .entityCalled(0, "@counter@c1", "get")
            .newEvents(T1)
            .eventRaised(
                uuid(T0, 0),
                "{\"exceptionType\":\"System.InvalidOperationException\",\"failureDetails\":"
                    + "{\"ErrorType\":\"System.InvalidOperationException\",\"ErrorMessage\":\"no\"}}");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"InvalidOperationException: no\"");
  }

  @Test
  void nonDeterminism_differentEntityOperation_failsNamingBoth() {
    History history =
        History.started("Orch", null).entityCalled(0, "@counter@c1", "add").newEvents(T1);

    OrchestratorResponse response = Replay.run(GET_COUNTER, history);

    assertThat(Replay.completion(response).getFailureDetails().getErrorMessage())
        .contains(
            "EntityOperationCalled #0",
            "expects the action SendEntityMessage(call 'add' on @counter@c1)",
            "produced SendEntityMessage(call 'get' on @counter@c1)");
  }
}
