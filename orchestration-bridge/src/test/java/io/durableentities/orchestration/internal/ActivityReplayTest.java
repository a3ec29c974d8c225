package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.RetryPolicy;
import io.durableentities.orchestration.TaskFailedException;
import io.durableentities.orchestration.TaskOptions;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden histories for ExecutionStarted, OrchestratorStarted and activity events. */
class ActivityReplayTest {

  private static final Instant T1 = T0.plusSeconds(10);
  private static final Instant T2 = T0.plusSeconds(20);
  private static final Instant T3 = T0.plusSeconds(30);

  private static final Orchestration DOUBLE_VIA_ACTIVITY =
      ctx -> {
        int input = ctx.input(Integer.class);
        int doubled = ctx.callActivity("Double", input, Integer.class).await();
        return "result " + doubled;
      };

  @Test
  void executionStarted_newOrchestration_schedulesActivityWithInput() {
    History history = History.starting("Orch", "21");

    List<String> actions = Replay.actions(DOUBLE_VIA_ACTIVITY, history);

    assertThat(actions).containsExactly("#0 ScheduleTask Double input=21");
  }

  @Test
  void taskScheduled_inPastWithoutResult_producesNoNewAction() {
    History history = History.started("Orch", "21").taskScheduled(0, "Double").newEvents(T1);

    assertThat(Replay.actions(DOUBLE_VIA_ACTIVITY, history)).isEmpty();
  }

  @Test
  void callActivity_completedInHistory_returnsResult() {
    History history =
        History.started("Orch", "21")
            .taskScheduled(0, "Double")
            .newEvents(T1)
            .taskCompleted(0, "42");

    assertThat(Replay.actions(DOUBLE_VIA_ACTIVITY, history))
        .containsExactly("#1 Complete COMPLETED result=\"result 42\"");
  }

  @Test
  void callActivity_failedInHistory_throwsTaskFailedExceptionWithDetails() {
    List<String> seen = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          try {
            ctx.callActivity("Charge", 5, String.class).await();
            return "charged";
          } catch (TaskFailedException e) {
            seen.add(e.taskName() + "#" + e.taskId() + " " + e.failureDetails().summary());
            return "declined";
          }
        };
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "Charge")
            .newEvents(T1)
            .taskFailed(0, "com.acme.CardDeclined", "limit");

    List<String> actions = Replay.actions(orchestration, history);

    assertThat(seen).containsExactly("Charge#0 CardDeclined: limit");
    assertThat(actions).containsExactly("#1 Complete COMPLETED result=\"declined\"");
  }

  @Test
  void callActivity_failureNotCaught_failsOrchestrationWithTaskFailedException() {
    History history =
        History.started("Orch", "1")
            .taskScheduled(0, "Double")
            .newEvents(T1)
            .taskFailed(0, "java.lang.IllegalStateException", "boom");

    OrchestratorResponse response = Replay.run(DOUBLE_VIA_ACTIVITY, history);

    assertThat(Replay.actions(response))
        .containsExactly("#1 Complete FAILED failure=TaskFailedException");
    assertThat(Replay.completion(response).getFailureDetails().getErrorMessage())
        .isEqualTo("Task 'Double' (#0) failed: IllegalStateException: boom");
  }

  @Test
  void orchestratorStarted_setsCurrentUtcDateTimePerEpisode() {
    List<Instant> seen = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          seen.add(ctx.currentUtcDateTime());
          ctx.callActivity("A", null, Void.class).await();
          seen.add(ctx.currentUtcDateTime());
          return null;
        };
    History history =
        History.started("Orch", null).taskScheduled(0, "A").newEvents(T1).taskCompleted(0, null);

    List<String> actions = Replay.actions(orchestration, history);

    assertThat(seen).containsExactly(T0, T1);
    assertThat(actions).containsExactly("#1 Complete COMPLETED");
  }

  @Test
  void parallelActivities_scheduledBeforeAwait_runInOneEpisode() {
    Orchestration orchestration =
        ctx -> {
          var a = ctx.callActivity("A", 1, Integer.class);
          var b = ctx.callActivity("B", 2, Integer.class);
          return a.await() + b.await();
        };

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 ScheduleTask A input=1", "#1 ScheduleTask B input=2");
    History done =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .taskScheduled(1, "B")
            .newEvents(T1)
            .taskCompleted(1, "20")
            .taskCompleted(0, "10");
    assertThat(Replay.actions(orchestration, done))
        .containsExactly("#2 Complete COMPLETED result=30");
  }

  @Test
  void taskCompleted_forUnknownTask_isIgnored() {
    History history =
        History.started("Orch", "21")
            .taskScheduled(0, "Double")
            .newEvents(T1)
            .taskCompleted(7, "99")
            .taskCompleted(0, "42");

    assertThat(Replay.actions(DOUBLE_VIA_ACTIVITY, history))
        .containsExactly("#1 Complete COMPLETED result=\"result 42\"");
  }

  @Test
  void retryPolicy_afterFailure_createsBackoffTimerThenReschedules() {
    RetryPolicy policy =
        RetryPolicy.newBuilder()
            .maxAttempts(3)
            .firstInterval(Duration.ofSeconds(5))
            .backoffCoefficient(2.0)
            .build();
    Orchestration orchestration =
        ctx ->
            ctx.callActivity("Flaky", null, String.class, TaskOptions.withRetryPolicy(policy))
                .await();

    History firstFailure =
        History.started("Orch", null)
            .taskScheduled(0, "Flaky")
            .newEvents(T1)
            .taskFailed(0, "java.io.IOException", "down");
    assertThat(Replay.actions(orchestration, firstFailure))
        .containsExactly("#1 CreateTimer " + T1.plusSeconds(5));

    History timerFired =
        History.started("Orch", null)
            .taskScheduled(0, "Flaky")
            .episode(T1)
            .taskFailed(0, "java.io.IOException", "down")
            .timerCreated(1, T1.plusSeconds(5))
            .newEvents(T2)
            .timerFired(1, T1.plusSeconds(5));
    assertThat(Replay.actions(orchestration, timerFired)).containsExactly("#2 ScheduleTask Flaky");

    History secondFailure =
        History.started("Orch", null)
            .taskScheduled(0, "Flaky")
            .episode(T1)
            .taskFailed(0, "java.io.IOException", "down")
            .timerCreated(1, T1.plusSeconds(5))
            .episode(T2)
            .timerFired(1, T1.plusSeconds(5))
            .taskScheduled(2, "Flaky")
            .newEvents(T3)
            .taskFailed(2, "java.io.IOException", "down");
    assertThat(Replay.actions(orchestration, secondFailure))
        .containsExactly("#3 CreateTimer " + T3.plusSeconds(10));
  }

  @Test
  void retryPolicy_lastAttemptFails_failsWithLastFailure() {
    RetryPolicy policy =
        RetryPolicy.newBuilder().maxAttempts(2).firstInterval(Duration.ofSeconds(5)).build();
    Orchestration orchestration =
        ctx ->
            ctx.callActivity("Flaky", null, String.class, TaskOptions.withRetryPolicy(policy))
                .await();
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "Flaky")
            .episode(T1)
            .taskFailed(0, "java.io.IOException", "first")
            .timerCreated(1, T1.plusSeconds(5))
            .episode(T2)
            .timerFired(1, T1.plusSeconds(5))
            .taskScheduled(2, "Flaky")
            .newEvents(T3)
            .taskFailed(2, "java.io.IOException", "second");

    OrchestratorResponse response = Replay.run(orchestration, history);

    assertThat(Replay.actions(response))
        .containsExactly("#3 Complete FAILED failure=TaskFailedException");
    assertThat(Replay.completion(response).getFailureDetails().getErrorMessage())
        .contains("second");
  }

  @Test
  void retryPolicy_handlePredicateRejects_failsWithoutRetry() {
    RetryPolicy policy =
        RetryPolicy.newBuilder()
            .maxAttempts(5)
            .firstInterval(Duration.ofSeconds(5))
            .handle(failure -> !failure.errorType().endsWith("IllegalArgumentException"))
            .build();
    Orchestration orchestration =
        ctx ->
            ctx.callActivity("Flaky", null, String.class, TaskOptions.withRetryPolicy(policy))
                .await();
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "Flaky")
            .newEvents(T1)
            .taskFailed(0, "java.lang.IllegalArgumentException", "bad input");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete FAILED failure=TaskFailedException");
  }

  @Test
  void retryPolicy_retryTimeoutExceeded_failsWithoutRetry() {
    RetryPolicy policy =
        RetryPolicy.newBuilder()
            .maxAttempts(5)
            .firstInterval(Duration.ofSeconds(30))
            .retryTimeout(Duration.ofSeconds(20))
            .build();
    Orchestration orchestration =
        ctx ->
            ctx.callActivity("Flaky", null, String.class, TaskOptions.withRetryPolicy(policy))
                .await();
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "Flaky")
            .newEvents(T1)
            .taskFailed(0, "java.io.IOException", "down");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete FAILED failure=TaskFailedException");
  }

  @Test
  void retryPolicy_successOnSecondAttempt_returnsResult() {
    RetryPolicy policy =
        RetryPolicy.newBuilder().maxAttempts(3).firstInterval(Duration.ofSeconds(5)).build();
    Orchestration orchestration =
        ctx ->
            ctx.callActivity("Flaky", null, String.class, TaskOptions.withRetryPolicy(policy))
                .await();
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "Flaky")
            .episode(T1)
            .taskFailed(0, "java.io.IOException", "down")
            .timerCreated(1, T1.plusSeconds(5))
            .episode(T2)
            .timerFired(1, T1.plusSeconds(5))
            .taskScheduled(2, "Flaky")
            .newEvents(T3)
            .taskCompleted(2, "\"ok\"");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#3 Complete COMPLETED result=\"ok\"");
  }

  @Test
  void thenApply_runsOnCompletion_deterministically() {
    Orchestration orchestration =
        ctx -> ctx.callActivity("Double", 2, Integer.class).thenApply(v -> v + 1).await();
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "Double")
            .newEvents(T1)
            .taskCompleted(0, "4");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=5");
  }

  @Test
  void thenApply_functionThrows_failsDerivedTask() {
    Orchestration orchestration =
        ctx -> {
          var derived =
              ctx.callActivity("A", null, Integer.class)
                  .thenApply(
                      v -> {
                        throw new IllegalStateException("no " + v);
                      });
          try {
            return derived.await();
          } catch (IllegalStateException e) {
            return e.getMessage() + " failed=" + derived.isFailed();
          }
        };
    History history =
        History.started("Orch", null).taskScheduled(0, "A").newEvents(T1).taskCompleted(0, "4");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"no 4 failed=true\"");
  }
}
