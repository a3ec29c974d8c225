package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Task;
import io.durableentities.orchestration.TaskCanceledException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden histories for TimerCreated/TimerFired, EventRaised, allOf and anyOf. */
class TimerAndEventReplayTest {

  private static final Instant T1 = T0.plusSeconds(10);
  private static final Instant T2 = T0.plusSeconds(60);

  private static final Orchestration SLEEP_THEN_ACTIVITY =
      ctx -> {
        ctx.createTimer(Duration.ofMinutes(1)).await();
        return ctx.callActivity("After", null, String.class).await();
      };

  @Test
  void createTimer_newOrchestration_createsTimerRelativeToOrchestrationTime() {
    assertThat(Replay.actions(SLEEP_THEN_ACTIVITY, History.starting("Orch", null)))
        .containsExactly("#0 CreateTimer " + T0.plusSeconds(60));
  }

  @Test
  void createTimer_atInstant_usesGivenFireAt() {
    Instant at = Instant.parse("2026-06-01T12:00:00Z");
    Orchestration orchestration = ctx -> ctx.createTimer(at).await();

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CreateTimer " + at);
  }

  @Test
  void timerCreated_notFired_producesNoAction() {
    History history = History.started("Orch", null).timerCreated(0, T2).newEvents(T1);

    assertThat(Replay.actions(SLEEP_THEN_ACTIVITY, history)).isEmpty();
  }

  @Test
  void timerFired_resumesOrchestration() {
    History history =
        History.started("Orch", null).timerCreated(0, T2).newEvents(T2).timerFired(0, T2);

    assertThat(Replay.actions(SLEEP_THEN_ACTIVITY, history))
        .containsExactly("#1 ScheduleTask After");
  }

  @Test
  void waitForExternalEvent_eventArrives_returnsPayload() {
    Orchestration orchestration = ctx -> ctx.waitForExternalEvent("Approve", Integer.class).await();
    History history = History.started("Orch", null).newEvents(T1).eventRaised("Approve", "7");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#0 Complete COMPLETED result=7");
  }

  @Test
  void waitForExternalEvent_noEvent_producesNoAction() {
    Orchestration orchestration = ctx -> ctx.waitForExternalEvent("Approve", Integer.class).await();

    assertThat(Replay.actions(orchestration, History.starting("Orch", null))).isEmpty();
  }

  @Test
  void eventRaised_beforeAwait_isBufferedAndMatchedIgnoringCase() {
    Orchestration orchestration =
        ctx -> {
          ctx.callActivity("First", null, Void.class).await();
          String a = ctx.waitForExternalEvent("approve", String.class).await();
          String b = ctx.waitForExternalEvent("APPROVE", String.class).await();
          return a + b;
        };
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "First")
            .newEvents(T1)
            .eventRaised("Approve", "\"x\"")
            .eventRaised("Approve", "\"y\"")
            .taskCompleted(0, null);

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"xy\"");
  }

  @Test
  void waitForExternalEvent_withTimeout_createsTimer() {
    Orchestration orchestration =
        ctx -> ctx.waitForExternalEvent("Approve", String.class, Duration.ofSeconds(30)).await();

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 CreateTimer " + T0.plusSeconds(30));
  }

  @Test
  void waitForExternalEvent_timerFiresFirst_throwsTaskCanceledException() {
    Orchestration orchestration =
        ctx -> {
          try {
            return ctx.waitForExternalEvent("Approve", String.class, Duration.ofSeconds(30))
                .await();
          } catch (TaskCanceledException e) {
            return "timed out: " + e.taskName();
          }
        };
    Instant fireAt = T0.plusSeconds(30);
    History history =
        History.started("Orch", null)
            .timerCreated(0, fireAt)
            .newEvents(fireAt)
            .timerFired(0, fireAt)
            .eventRaised("Approve", "\"late\"");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"timed out: Approve\"");
  }

  @Test
  void waitForExternalEvent_eventBeforeTimeout_returnsPayload() {
    Orchestration orchestration =
        ctx -> ctx.waitForExternalEvent("Approve", String.class, Duration.ofSeconds(30)).await();
    History history =
        History.started("Orch", null)
            .timerCreated(0, T0.plusSeconds(30))
            .newEvents(T1)
            .eventRaised("Approve", "\"yes\"");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"yes\"");
  }

  @Test
  void waitForExternalEvent_zeroTimeoutWithoutBufferedEvent_isCanceledAtOnce() {
    Orchestration orchestration =
        ctx -> ctx.waitForExternalEvent("Approve", String.class, Duration.ZERO).isFailed();

    assertThat(Replay.actions(orchestration, History.starting("Orch", null)))
        .containsExactly("#0 Complete COMPLETED result=true");
  }

  @Test
  void allOf_allComplete_returnsResultsInOrder() {
    Orchestration orchestration =
        ctx -> {
          Task<Integer> a = ctx.callActivity("A", null, Integer.class);
          Task<Integer> b = ctx.callActivity("B", null, Integer.class);
          return ctx.allOf(List.of(a, b)).await();
        };
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .taskScheduled(1, "B")
            .newEvents(T1)
            .taskCompleted(1, "2")
            .taskCompleted(0, "1");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#2 Complete COMPLETED result=[1,2]");
  }

  @Test
  void allOf_oneIncomplete_waits() {
    Orchestration orchestration =
        ctx -> {
          Task<Integer> a = ctx.callActivity("A", null, Integer.class);
          Task<Integer> b = ctx.callActivity("B", null, Integer.class);
          return ctx.allOf(List.of(a, b)).await();
        };
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .taskScheduled(1, "B")
            .newEvents(T1)
            .taskCompleted(1, "2");

    assertThat(Replay.actions(orchestration, history)).isEmpty();
  }

  @Test
  void allOf_oneFails_failsWithFirstFailureOnceAllDone() {
    Orchestration orchestration =
        ctx -> {
          Task<Integer> a = ctx.callActivity("A", null, Integer.class);
          Task<Integer> b = ctx.callActivity("B", null, Integer.class);
          return ctx.allOf(List.of(a, b)).await();
        };
    History history =
        History.started("Orch", null)
            .taskScheduled(0, "A")
            .taskScheduled(1, "B")
            .newEvents(T1)
            .taskFailed(1, "java.lang.IllegalStateException", "b broke")
            .taskCompleted(0, "1");

    var response = Replay.run(orchestration, history);

    assertThat(Replay.actions(response))
        .containsExactly("#2 Complete FAILED failure=TaskFailedException");
    assertThat(Replay.completion(response).getFailureDetails().getErrorMessage())
        .contains("'B'", "b broke");
  }

  @Test
  void anyOf_firstCompletionWins_timerVersusEvent() {
    Orchestration orchestration =
        ctx -> {
          Task<Void> timeout = ctx.createTimer(Duration.ofMinutes(5));
          Task<String> approval = ctx.waitForExternalEvent("Approve", String.class);
          Task<?> winner = ctx.anyOf(List.of(timeout, approval)).await();
          return winner == approval ? "approved " + approval.await() : "expired";
        };
    History history =
        History.started("Orch", null)
            .timerCreated(0, T0.plusSeconds(300))
            .newEvents(T1)
            .eventRaised("Approve", "\"by ann\"");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 Complete COMPLETED result=\"approved by ann\"");
  }
}
