package io.durableentities.testing.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.TaskCanceledException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimersAndEventsTest {

  private static final Instant T0 = OrchestrationTester.DEFAULT_START_TIME;

  @Test
  void timer_firesAtItsDueTime_withoutWaiting() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Sleeper",
                ctx -> {
                  ctx.createTimer(Duration.ofDays(30)).await();
                  return ctx.currentUtcDateTime();
                })
            .run(null);

    assertThat(run.output(Instant.class)).isEqualTo(T0.plus(Duration.ofDays(30)));
    assertThat(run.timers())
        .singleElement()
        .satisfies(
            timer -> {
              assertThat(timer.createdAt()).isEqualTo(T0);
              assertThat(timer.fireAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
              assertThat(timer.fired()).isTrue();
            });
  }

  @Test
  void startTime_setsTheOrchestrationsClock() {
    Instant start = Instant.parse("2030-06-01T12:00:00Z");

    OrchestrationRun run =
        OrchestrationTester.of("Now", OrchestrationContext::currentUtcDateTime)
            .startTime(start)
            .run(null);

    assertThat(run.output(Instant.class)).isEqualTo(start);
  }

  @Test
  void eventRaisedBeforeTheTimeout_isTheAnswer() {
    // docs:start approval-tests
    OrchestrationRun run =
        OrchestrationTester.of("Approval", TimersAndEventsTest::approval)
            .raiseEvent("Approval", true, Duration.ofDays(2))
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("approved at " + T0.plus(Duration.ofDays(2)));
    assertThat(run.eventsAwaited()).containsExactly("Approval");
    assertThat(run.timers()).singleElement().extracting(DurableTimer::fired).isEqualTo(false);
    // docs:end approval-tests
  }

  @Test
  void noEvent_timesOutAfterSevenVirtualDays() {
    OrchestrationRun run =
        OrchestrationTester.of("Approval", TimersAndEventsTest::approval).run(null);

    assertThat(run.output(String.class)).isEqualTo("timed out at " + T0.plus(Duration.ofDays(7)));
  }

  @Test
  void eventRaisedAfterTheTimeout_comesTooLate() {
    OrchestrationRun run =
        OrchestrationTester.of("Approval", TimersAndEventsTest::approval)
            .raiseEvent("Approval", true, Duration.ofDays(8))
            .run(null);

    assertThat(run.output(String.class)).startsWith("timed out");
  }

  @Test
  void orchestrationWaitingForAnEvent_stopsRunning_andGoesOnWhenTheTestRaisesIt() {
    // docs:start raise-later
    OrchestrationRun run =
        OrchestrationTester.of(
                "Gate",
                ctx -> "opened by " + ctx.waitForExternalEvent("Open", String.class).await())
            .run(null);

    assertThat(run.status()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
    assertThat(run.isEnded()).isFalse();
    assertThat(run.eventsAwaited()).containsExactly("Open");
    assertThatThrownBy(() -> run.output(String.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("it is still RUNNING")
        .hasMessageContaining("having waited for events [Open]");

    run.raiseEvent("Open", "alice");

    assertThat(run.output(String.class)).isEqualTo("opened by alice");
    // docs:end raise-later
    assertThatThrownBy(() -> run.raiseEvent("Open", "bob"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has ended");
  }

  @Test
  void continueAsNew_startsANewExecution_andAMonitorRunsItsThirtyDays() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Monitor",
                ctx -> {
                  int hour = ctx.input(Integer.class);
                  if (hour == 30 * 24) {
                    return ctx.currentUtcDateTime();
                  }
                  ctx.callActivity("Check", hour, String.class).await();
                  ctx.createTimer(Duration.ofHours(1)).await();
                  ctx.continueAsNew(hour + 1);
                  return null;
                })
            .activity("Check", Integer.class, hour -> "ok")
            .run(0);

    assertThat(run.output(Instant.class)).isEqualTo(T0.plus(Duration.ofDays(30)));
    assertThat(run.executions()).isEqualTo(30 * 24 + 1);
    assertThat(run.activityCalls()).hasSize(30 * 24);
  }

  @Test
  void orchestrationThatNeverEnds_stopsAtTheTimeLimit() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Forever",
                ctx -> {
                  ctx.createTimer(Duration.ofHours(1)).await();
                  ctx.continueAsNew(null);
                  return null;
                })
            .timeLimit(Duration.ofDays(2))
            .run(null);

    assertThat(run.status()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
    assertThat(run.currentTime()).isEqualTo(T0.plus(Duration.ofDays(2)));
    assertThat(run.executions()).isEqualTo(49);
  }

  @Test
  void customStatus_isReadable() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Status",
                ctx -> {
                  ctx.setCustomStatus("half way");
                  ctx.createTimer(Duration.ofMinutes(1)).await();
                  return null;
                })
            .run(null);

    assertThat(run.customStatus(String.class)).isEqualTo("half way");
  }

  // docs:start approval
  /** Waits up to 7 days for an approval. */
  static String approval(OrchestrationContext ctx) {
    try {
      boolean approved =
          ctx.waitForExternalEvent("Approval", Boolean.class, Duration.ofDays(7)).await();
      return (approved ? "approved" : "denied") + " at " + ctx.currentUtcDateTime();
    } catch (TaskCanceledException timedOut) {
      return "timed out at " + ctx.currentUtcDateTime();
    }
  }
  // docs:end approval
}
