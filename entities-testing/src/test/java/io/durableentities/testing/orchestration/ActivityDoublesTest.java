package io.durableentities.testing.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.RetryPolicy;
import io.durableentities.orchestration.TaskFailedException;
import io.durableentities.orchestration.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActivityDoublesTest {

  private static final Instant T0 = OrchestrationTester.DEFAULT_START_TIME;

  /** Quotes a price, then charges it; returns the receipt. */
  static String checkout(OrchestrationContext ctx) {
    String order = ctx.input(String.class);
    long price = ctx.callActivity("Quote", order, Long.class).await();
    return ctx.callActivity("Charge", price, String.class).await();
  }

  @Test
  void activity_answeredByADouble_givesTheOutput_andRecordsEachCallWithItsInput() {
    OrchestrationRun run =
        OrchestrationTester.of("Checkout", ActivityDoublesTest::checkout)
            .activity("Quote", String.class, order -> order.length() * 100L)
            .activity("Charge", Long.class, cents -> "receipt for " + cents)
            .run("book");

    assertThat(run.status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(run.output(String.class)).isEqualTo("receipt for 400");
    assertThat(run.activityCalls())
        .extracting(ActivityCall::name)
        .containsExactly("Quote", "Charge");
    assertThat(run.activityCalls("quote"))
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.input(String.class)).isEqualTo("book");
              assertThat(call.inputJson()).isEqualTo("\"book\"");
              assertThat(call.scheduledAt()).isEqualTo(T0);
            });
    assertThat(run.activityCalls("Charge").get(0).input(Long.class)).isEqualTo(400L);
  }

  @Test
  void activity_thatThrows_failsTheCall_asATaskFailedExceptionTheOrchestrationSees() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Checkout",
                ctx -> {
                  try {
                    return checkout(ctx);
                  } catch (TaskFailedException e) {
                    return "declined: " + e.failureDetails().errorMessage();
                  }
                })
            .activity("Quote", String.class, order -> 100L)
            .activity(
                "Charge",
                Long.class,
                cents -> {
                  throw new IllegalStateException("card declined");
                })
            .run("book");

    assertThat(run.output(String.class)).isEqualTo("declined: card declined");
  }

  @Test
  void orchestration_thatDoesNotCatchAFailure_fails_andFailureSaysWhy() {
    OrchestrationRun run =
        OrchestrationTester.of("Checkout", ActivityDoublesTest::checkout)
            .activity(
                "Quote",
                String.class,
                order -> {
                  throw new IllegalArgumentException("unknown product " + order);
                })
            .run("book");

    assertThat(run.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(run.failure().isCausedBy(TaskFailedException.class)).isTrue();
    assertThat(run.failure().errorMessage()).contains("Quote", "unknown product book");
    assertThat(run.activityCalls()).extracting(ActivityCall::name).containsExactly("Quote");
    assertThatThrownBy(() -> run.output(String.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have completed, but it ended FAILED with TaskFailedException");
  }

  @Test
  void latency_movesTheVirtualClock_asTheOrchestrationSeesIt() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Timed",
                ctx -> {
                  ctx.callActivity("Slow", null, Void.class).await();
                  return ctx.currentUtcDateTime();
                })
            .activity("Slow", ctx -> null, Duration.ofHours(2))
            .run(null);

    assertThat(run.output(Instant.class)).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(run.currentTime()).isEqualTo(T0.plus(Duration.ofHours(2)));
  }

  @Test
  void retries_waitTheirBackOffInVirtualTime_andEachAttemptIsACall() {
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy retry =
        RetryPolicy.newBuilder()
            .maxAttempts(4)
            .firstInterval(Duration.ofMinutes(10))
            .backoffCoefficient(2)
            .build();

    OrchestrationRun run =
        OrchestrationTester.of(
                "Retrying",
                ctx ->
                    ctx.callActivity(
                            "Flaky", null, String.class, TaskOptions.withRetryPolicy(retry))
                        .await())
            .activity(
                "Flaky",
                ctx -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("try again");
                  }
                  return "ok";
                })
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("ok");
    assertThat(run.activityCalls())
        .extracting(ActivityCall::scheduledAt)
        .containsExactly(T0, T0.plusSeconds(600), T0.plusSeconds(600 + 1200));
    assertThat(run.timers()).extracting(DurableTimer::fired).containsExactly(true, true);
  }

  @Test
  void missingActivityDouble_failsTheRun_namingTheActivityAndTheFix() {
    OrchestrationTester tester =
        OrchestrationTester.of("Checkout", ActivityDoublesTest::checkout)
            .activity("Quote", String.class, order -> 1L);

    assertThatThrownBy(() -> tester.run("book"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Orchestration 'Checkout'")
        .hasMessageContaining("called activity 'Charge'")
        .hasMessageContaining("add .activity(\"Charge\", ...)")
        .hasMessageContaining("[Quote]");
  }

  @Test
  void assertionErrorInADouble_failsTheTest_insteadOfFailingTheActivity() {
    OrchestrationTester tester =
        OrchestrationTester.of("Checkout", ActivityDoublesTest::checkout)
            .activity(
                "Quote",
                String.class,
                order -> {
                  throw new AssertionError("Quote must not be called for " + order);
                });

    assertThatThrownBy(() -> tester.run("book"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Quote must not be called for book");
  }

  @Test
  void registeringAnActivityAgain_replacesTheDouble() {
    OrchestrationRun run =
        OrchestrationTester.of("Checkout", ActivityDoublesTest::checkout)
            .activity("Quote", String.class, order -> 1L)
            .activity("quote", String.class, order -> 2L)
            .activity("Charge", Long.class, cents -> "charged " + cents)
            .run("book");

    assertThat(run.output(String.class)).isEqualTo("charged 2");
  }
}
