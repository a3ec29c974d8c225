package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.ExecutionCompletedEvent;
import io.durableentities.protocol.internal.GenericEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Golden histories for completion, failure, continue-as-new, suspension, termination, custom
 * status, deterministic ids, isReplaying and non-determinism.
 */
class LifecycleReplayTest {

  private static final Instant T1 = T0.plusSeconds(10);

  @Test
  void run_returnsValue_completesWithSerializedResult() {
    Orchestration orchestration = ctx -> new Receipt(ctx.input(String.class), 2);

    assertThat(Replay.actions(orchestration, History.starting("Orch", "\"ann\"")))
        .containsExactly("#0 Complete COMPLETED result={\"owner\":\"ann\",\"count\":2}");
  }

  @Test
  void input_emptyOrMissing_isNull() {
    Orchestration orchestration = ctx -> ctx.input(String.class) == null;

    assertThat(Replay.actions(orchestration, History.starting("Orch", "")))
        .containsExactly("#0 Complete COMPLETED result=true");
    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 Complete COMPLETED result=true");
  }

  @Test
  void bookkeepingEvents_orchestratorCompletedExecutionCompletedGenericEvent_areIgnored() {
    Orchestration orchestration = ctx -> ctx.callActivity("A", null, String.class).await();
    History history = History.started("Orch", null).taskScheduled(0, "A").newEvents(T1);
    var request =
        history.request().toBuilder()
            .addNewEvents(
                HistoryEvent.newBuilder()
                    .setEventId(-1)
                    .setGenericEvent(GenericEvent.getDefaultInstance()))
            .addNewEvents(
                HistoryEvent.newBuilder()
                    .setEventId(-1)
                    .setExecutionCompleted(ExecutionCompletedEvent.getDefaultInstance()))
            .build();

    OrchestratorResponse response =
        new OrchestrationExecutor(
                Orchestrations.newBuilder().orchestration("Orch", orchestration).build())
            .execute(request);

    assertThat(response.getActionsList()).isEmpty();
  }

  @Test
  void run_throws_failsWithFailureDetailsOfTheException() {
    Orchestration orchestration =
        ctx -> {
          throw new IllegalArgumentException("bad transfer");
        };

    OrchestratorResponse response = Replay.run(orchestration, History.starting("Orch", null));

    assertThat(Replay.actions(response))
        .containsExactly("#0 Complete FAILED failure=IllegalArgumentException");
    var failure = Replay.completion(response).getFailureDetails();
    assertThat(failure.getErrorType()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(failure.getErrorMessage()).isEqualTo("bad transfer");
    assertThat(failure.getStackTrace().getValue()).contains("LifecycleReplayTest");
  }

  @Test
  void run_throwsAfterScheduling_keepsScheduledActionsBeforeFailure() {
    Orchestration orchestration =
        ctx -> {
          ctx.callActivity("FireAndForget", null, Void.class);
          throw new IllegalStateException("no");
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly(
            "#0 ScheduleTask FireAndForget", "#1 Complete FAILED failure=IllegalStateException");
  }

  @Test
  void executionStarted_unknownOrchestration_failsNonRetriableNamingRegisteredOnes() {
    Orchestrations registry =
        Orchestrations.newBuilder().orchestration("Known", ctx -> null).build();

    OrchestratorResponse response = Replay.run(registry, History.starting("Missing", null));

    var failure = Replay.completion(response).getFailureDetails();
    assertThat(failure.getErrorType()).isEqualTo("OrchestratorTaskNotFound");
    assertThat(failure.getIsNonRetriable()).isTrue();
    assertThat(failure.getErrorMessage()).contains("'Missing'", "inst-1", "[Known]");
  }

  @Test
  void executionStarted_factoryThrows_failsWithTheFactoryException() {
    Orchestrations registry =
        Orchestrations.newBuilder()
            .orchestration(
                "Orch",
                () -> {
                  throw new IllegalStateException("no database");
                })
            .build();

    assertThat(Replay.actions(Replay.run(registry, History.starting("Orch", null))))
        .containsExactly("#0 Complete FAILED failure=IllegalStateException");
  }

  @Test
  void execute_historyWithoutExecutionStarted_isRejected() {
    OrchestratorRequest request = OrchestratorRequest.newBuilder().setInstanceId("x").build();

    assertThatThrownBy(() -> new OrchestrationExecutor(Orchestrations.of()).execute(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ExecutionStarted");
  }

  @Test
  void continueAsNew_completesAsContinuedAsNewWithNewInput() {
    Orchestration orchestration =
        ctx -> {
          int round = ctx.input(Integer.class);
          ctx.continueAsNew(round + 1);
          throw new AssertionError("continueAsNew returned");
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", "1")))
        .containsExactly("#0 Complete CONTINUED_AS_NEW result=2");
  }

  @Test
  void continueAsNew_keepUnprocessedEvents_carriesBufferedAndRemainingEvents() {
    Orchestration orchestration =
        ctx -> {
          ctx.callActivity("A", null, Void.class).await();
          ctx.continueAsNew(null, true);
          return null;
        };
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .newEvents(T1)
            .eventRaised("Early", "1")
            .taskCompleted(0, null)
            .eventRaised("Late", "2");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete CONTINUED_AS_NEW carryover=[Early=1, Late=2]");
  }

  @Test
  void continueAsNew_withoutKeep_dropsEvents() {
    Orchestration orchestration =
        ctx -> {
          ctx.continueAsNew("next");
          return null;
        };
    History history = History.starting("Orch", null).eventRaised("Early", "1");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#0 Complete CONTINUED_AS_NEW result=\"next\"");
  }

  @Test
  void continueAsNew_caughtAsException_stillEndsTheExecution() {
    Orchestration orchestration =
        ctx -> {
          try {
            ctx.continueAsNew(5);
          } catch (Exception e) {
            return "swallowed";
          }
          return "returned";
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 Complete CONTINUED_AS_NEW result=5");
  }

  @Test
  void executionSuspended_holdsEventsUntilResumed() {
    Orchestration orchestration = ctx -> ctx.waitForExternalEvent("Go", String.class).await();
    History suspended =
        History.started("Orch", null).newEvents(T1).suspended().eventRaised("Go", "\"x\"");

    assertThat(Replay.actions(orchestration, suspended)).isEmpty();

    History resumed =
        History.started("Orch", null)
            .episode(T1)
            .suspended()
            .eventRaised("Go", "\"x\"")
            .newEvents(T1.plusSeconds(5))
            .resumed();
    assertThat(Replay.actions(orchestration, resumed))
        .containsExactly("#0 Complete COMPLETED result=\"x\"");
  }

  @Test
  void executionResumed_heldEventsRunAtTheResumeTime() {
    Instant resumedAt = T1.plusSeconds(30);
    Orchestration orchestration =
        ctx -> {
          ctx.waitForExternalEvent("Go", String.class).await();
          return ctx.currentUtcDateTime().toString();
        };
    History history =
        History.started("Orch", null)
            .episode(T1)
            .suspended()
            .eventRaised("Go", "\"x\"")
            .newEvents(resumedAt)
            .resumed();

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#0 Complete COMPLETED result=\"" + resumedAt + "\"");
  }

  @Test
  void executionTerminated_completesAsTerminatedAndDropsNewActions() {
    Orchestration orchestration =
        ctx -> {
          ctx.waitForExternalEvent("Go", String.class).await();
          return ctx.callActivity("Never", null, String.class).await();
        };
    History history =
        History.started("Orch", null)
            .newEvents(T1)
            .eventRaised("Go", "\"x\"")
            .terminated("\"stopped by admin\"");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete TERMINATED result=\"stopped by admin\"");
  }

  @Test
  void executionTerminated_whileSuspended_stillTerminates() {
    Orchestration orchestration = ctx -> ctx.waitForExternalEvent("Go", String.class).await();
    History history = History.started("Orch", null).newEvents(T1).suspended().terminated(null);

    assertThat(Replay.actions(orchestration, history)).containsExactly("#0 Complete TERMINATED");
  }

  @Test
  void setCustomStatus_isInResponse() {
    Orchestration orchestration =
        ctx -> {
          ctx.setCustomStatus(new Receipt("ann", 1));
          return ctx.waitForExternalEvent("Go", String.class).await();
        };

    OrchestratorResponse response = Replay.run(orchestration, History.starting("Orch", null));

    assertThat(response.getCustomStatus().getValue()).isEqualTo("{\"owner\":\"ann\",\"count\":1}");
    assertThat(response.getActionsList()).isEmpty();
  }

  @Test
  void setCustomStatus_notCalled_leavesItUnset() {
    OrchestratorResponse response = Replay.run(ctx -> null, History.starting("Orch", null));

    assertThat(response.hasCustomStatus()).isFalse();
  }

  @Test
  void newUuid_sameAcrossReplays_andNameBasedVersion5() {
    List<UUID> seen = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          seen.add(ctx.newUuid());
          seen.add(ctx.newUuid());
          ctx.callActivity("A", null, Void.class).await();
          seen.add(ctx.newUuid());
          return null;
        };

    Replay.run(orchestration, History.starting("Orch", null));
    Replay.run(
        orchestration,
        History.started("Orch", null).taskScheduled(0, "A").newEvents(T1).taskCompleted(0, null));

    assertThat(seen).hasSize(5);
    assertThat(seen.subList(0, 2)).isEqualTo(seen.subList(2, 4)).doesNotHaveDuplicates();
    assertThat(seen.get(0))
        .isEqualTo(Uuids.v5(Uuids.ORCHESTRATION_NAMESPACE, "inst-1-" + T0 + "-0"));
    assertThat(seen.get(0).version()).isEqualTo(5);
    assertThat(seen.get(4))
        .isEqualTo(Uuids.v5(Uuids.ORCHESTRATION_NAMESPACE, "inst-1-" + T1 + "-2"));
  }

  @Test
  void isReplaying_trueForPastEvents_falseForNewOnes() {
    List<Boolean> seen = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          seen.add(ctx.isReplaying());
          ctx.callActivity("A", null, Void.class).await();
          seen.add(ctx.isReplaying());
          ctx.callActivity("B", null, Void.class).await();
          seen.add(ctx.isReplaying());
          return null;
        };
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .episode(T1)
            .taskCompleted(0, null)
            .taskScheduled(1, "B")
            .newEvents(T1.plusSeconds(5))
            .taskCompleted(1, null);

    Replay.run(orchestration, history);

    assertThat(seen).containsExactly(true, true, false);
  }

  @Test
  void replaySafeLogger_dropsOutputWhileReplaying() {
    List<Boolean> enabled = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          var log = ctx.replaySafeLogger(LifecycleReplayTest.class);
          enabled.add(log.isErrorEnabled());
          log.error("logged once");
          ctx.callActivity("A", null, Void.class).await();
          enabled.add(log.isErrorEnabled());
          return null;
        };
    History history =
        History.started("Orch", null).taskScheduled(0, "A").newEvents(T1).taskCompleted(0, null);

    Replay.run(orchestration, history);

    assertThat(enabled).containsExactly(false, true);
  }

  @Test
  void nonDeterminism_differentActivityName_failsNamingEventAndActions() {
    Orchestration changed = ctx -> ctx.callActivity("Refund", null, String.class).await();
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "Charge")
            .newEvents(T1)
            .taskCompleted(0, "1");

    OrchestratorResponse response = Replay.run(changed, history);

    assertThat(Replay.actions(response))
        .containsExactly("#1 Complete FAILED failure=NonDeterministicOrchestrationException");
    var failure = Replay.completion(response).getFailureDetails();
    assertThat(failure.getIsNonRetriable()).isTrue();
    assertThat(failure.getErrorMessage())
        .contains(
            "'Orch'",
            "'inst-1'",
            "TaskScheduled #0 (ScheduleTask 'Charge')",
            "expects the action ScheduleTask 'Charge' with id 0",
            "produced ScheduleTask 'Refund' with id 0");
  }

  @Test
  void nonDeterminism_differentActionType_failsNamingBoth() {
    Orchestration changed = ctx -> ctx.createTimer(Duration.ofSeconds(1)).await();
    History history = History.started("Orch", null).taskScheduled(0, "Charge").newEvents(T1);

    var failure = Replay.completion(Replay.run(changed, history)).getFailureDetails();

    assertThat(failure.getErrorMessage())
        .contains("expects the action ScheduleTask 'Charge'", "produced CreateTimer with id 0");
  }

  @Test
  void nonDeterminism_missingAction_failsSayingNoActionProduced() {
    Orchestration changed = ctx -> ctx.waitForExternalEvent("Go", String.class).await();
    History history = History.started("Orch", null).taskScheduled(0, "Charge").newEvents(T1);

    OrchestratorResponse response = Replay.run(changed, history);

    assertThat(Replay.completion(response).getFailureDetails().getErrorMessage())
        .contains("produced no action with id 0");
  }

  @Test
  void nonDeterminism_codeReturnsEarlierThanHistory_isDetectedAfterCompletion() {
    Orchestration shortened = ctx -> ctx.callActivity("A", null, String.class).await();
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .episode(T1)
            .taskCompleted(0, "\"a\"")
            .taskScheduled(1, "B")
            .newEvents(T1.plusSeconds(5))
            .taskCompleted(1, "\"b\"");

    OrchestratorResponse response = Replay.run(shortened, history);

    assertThat(Replay.actions(response))
        .containsExactly("#1 Complete FAILED failure=NonDeterministicOrchestrationException");
    assertThat(Replay.completion(response).getFailureDetails().getErrorMessage())
        .contains("TaskScheduled #1 (ScheduleTask 'B')", "produced no action with id 1");
  }

  @Test
  void replaySignal_caughtByOrchestrationCode_stillEndsTheEpisodeWithoutCompleting() {
    Orchestration careless =
        ctx -> {
          try {
            return ctx.callActivity("A", null, String.class).await();
          } catch (Throwable t) {
            return "caught " + t.getClass().getSimpleName();
          }
        };

    assertThat(Replay.actions(careless, History.starting("Orch", null)))
        .containsExactly("#0 ScheduleTask A");
  }

  @Test
  void callAfterReplaySignal_inFinallyBlock_producesNoAction() {
    Orchestration orchestration =
        ctx -> {
          try {
            return ctx.callActivity("A", null, String.class).await();
          } finally {
            ctx.callActivity("Cleanup", null, Void.class);
          }
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 ScheduleTask A");
  }

  record Receipt(String owner, int count) {}
}
