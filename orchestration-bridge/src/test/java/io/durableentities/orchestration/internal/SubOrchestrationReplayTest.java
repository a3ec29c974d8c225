package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.RetryPolicy;
import io.durableentities.orchestration.TaskFailedException;
import io.durableentities.orchestration.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Golden histories for SubOrchestrationInstanceCreated/Completed/Failed. */
class SubOrchestrationReplayTest {

  private static final Instant T1 = T0.plusSeconds(10);

  private static final Orchestration PARENT =
      ctx ->
          ctx.callSubOrchestration("Child", 3, "child-1", Integer.class, TaskOptions.defaults())
              .await();

  @Test
  void callSubOrchestration_new_createsSubOrchestrationWithIdAndInput() {
    assertThat(Replay.actions(PARENT, History.starting("Orch", null)))
        .containsExactly("#0 CreateSubOrchestration Child id=child-1 input=3");
  }

  @Test
  void callSubOrchestration_withoutInstanceId_usesDeterministicId() {
    Orchestration orchestration =
        ctx -> ctx.callSubOrchestration("Child", null, Integer.class).await();
    String expectedId =
        Uuids.v5(Uuids.ORCHESTRATION_NAMESPACE, History.INSTANCE + "-" + T0 + "-0").toString();

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CreateSubOrchestration Child id=" + expectedId);
    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CreateSubOrchestration Child id=" + expectedId);
  }

  @Test
  void subOrchestrationCompleted_returnsResult() {
    History history =
        History.started("Orch", null)
            .subOrchestrationCreated(0, "Child", "child-1")
            .newEvents(T1)
            .subOrchestrationCompleted(0, "9");

    assertThat(Replay.actions(PARENT, history)).containsExactly("#1 Complete COMPLETED result=9");
  }

  @Test
  void subOrchestrationCreated_withoutResult_producesNoAction() {
    History history =
        History.started("Orch", null).subOrchestrationCreated(0, "Child", "child-1").newEvents(T1);

    assertThat(Replay.actions(PARENT, history)).isEmpty();
  }

  @Test
  void subOrchestrationFailed_throwsTaskFailedException() {
    Orchestration orchestration =
        ctx -> {
          try {
            return PARENT.run(ctx);
          } catch (TaskFailedException e) {
            return e.taskName() + ": " + e.failureDetails().errorMessage();
          }
        };
    History history =
        History.started("Orch", null)
            .subOrchestrationCreated(0, "Child", "child-1")
            .newEvents(T1)
            .subOrchestrationFailed(0, "java.lang.IllegalStateException", "child broke");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"Child: child broke\"");
  }

  @Test
  void subOrchestrationFailed_withRetryPolicy_retriesWithSameInstanceId() {
    RetryPolicy policy =
        RetryPolicy.newBuilder().maxAttempts(2).firstInterval(Duration.ofSeconds(1)).build();
    Orchestration orchestration =
        ctx ->
            ctx.callSubOrchestration(
                    "Child", null, "child-1", Integer.class, TaskOptions.withRetryPolicy(policy))
                .await();
    Instant fireAt = T1.plusSeconds(1);
    History history =
        History.started("Orch", null)
            .subOrchestrationCreated(0, "Child", "child-1")
            .episode(T1)
            .subOrchestrationFailed(0, "java.lang.IllegalStateException", "once")
            .timerCreated(1, fireAt)
            .newEvents(fireAt)
            .timerFired(1, fireAt);

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#2 CreateSubOrchestration Child id=child-1");
  }
}
