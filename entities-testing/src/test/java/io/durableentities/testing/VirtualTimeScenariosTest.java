package io.durableentities.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.EntityMetadata;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.orchestration.RetryPolicy;
import io.durableentities.orchestration.TaskCanceledException;
import io.durableentities.orchestration.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scenarios of issue #21, each on a fresh environment with virtual time: an approval with a
 * 7-day timeout (both paths), retries with exponential back-off up to an hour, an hourly monitor
 * for 30 days, a scheduled signal an hour ahead, a transfer waiting for a lock held over a day.
 */
class VirtualTimeScenariosTest {

  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The times the flaky activity ran at, in virtual time. */
  private static final List<Instant> attempts = Collections.synchronizedList(new ArrayList<>());

  // docs:start extension
  @RegisterExtension
  static final DurableTestExtension durable =
      DurableTestExtension.of(
          DurableTestEnvironment.newBuilder()
              .startTime(START)
              .entity(AccountEntity.class)
              .orchestrations(
                  Orchestrations.newBuilder()
                      .orchestration("Approval", VirtualTimeScenariosTest::approval)
                      .orchestration("Flaky", VirtualTimeScenariosTest::flaky)
                      .activity("FailsSixTimes", ctx -> failSixTimes())
                      .orchestration("Monitor", VirtualTimeScenariosTest::monitor)
                      .orchestration("HoldForADay", VirtualTimeScenariosTest::holdForADay)
                      .orchestration("Transfer", VirtualTimeScenariosTest::transfer)
                      .build()));

  // docs:end extension

  private static Object approval(OrchestrationContext ctx) {
    try {
      String approver =
          ctx.waitForExternalEvent("approval", String.class, Duration.ofDays(7)).await();
      return "approved by " + approver + " at " + ctx.currentUtcDateTime();
    } catch (TaskCanceledException timedOut) {
      return "escalated at " + ctx.currentUtcDateTime();
    }
  }

  private static Object flaky(OrchestrationContext ctx) {
    RetryPolicy retry =
        RetryPolicy.newBuilder()
            .maxAttempts(8)
            .firstInterval(Duration.ofMinutes(5))
            .backoffCoefficient(2.0)
            .maxInterval(Duration.ofHours(1))
            .build();
    return ctx.callActivity("FailsSixTimes", null, String.class, TaskOptions.withRetryPolicy(retry))
        .await();
  }

  private static String failSixTimes() {
    attempts.add(durable.environment().currentTime());
    if (attempts.size() <= 6) {
      throw new IllegalStateException("attempt " + attempts.size() + " failed");
    }
    return "succeeded on attempt " + attempts.size();
  }

  private static Object monitor(OrchestrationContext ctx) {
    int checks = ctx.input(Integer.class);
    if (checks == 30 * 24) {
      return checks + " checks, the last at " + ctx.currentUtcDateTime();
    }
    ctx.createTimer(Duration.ofHours(1)).await();
    ctx.continueAsNew(checks + 1);
    return null;
  }

  private static Object holdForADay(OrchestrationContext ctx) {
    EntityInstanceId a = EntityInstanceId.of(Account.class, "a");
    try (CriticalSection lock = ctx.entities().lockEntities(a)) {
      ctx.createTimer(Duration.ofDays(1)).await();
    }
    return "released at " + ctx.currentUtcDateTime();
  }

  private static Object transfer(OrchestrationContext ctx) {
    EntityInstanceId from = EntityInstanceId.of(Account.class, "a");
    EntityInstanceId to = EntityInstanceId.of(Account.class, "b");
    try (CriticalSection lock = ctx.entities().lockEntities(from, to)) {
      ctx.entities().proxy(Account.class, from).withdraw(300);
      ctx.entities().proxy(Account.class, to).deposit(300);
    }
    return "moved at " + ctx.currentUtcDateTime();
  }

  private static String completed(OrchestrationClient client, String id) throws Exception {
    OrchestrationMetadata done = client.waitForCompletion(id, WAIT);
    assertThat(done.status())
        .as("%s (failure: %s)", id, done.failureDetails())
        .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    return done.readOutputAs(String.class);
  }

  // docs:start time-skips
  @Test
  void approval_withNoAnswer_escalatesWhenTheSevenDayTimeoutFires(OrchestrationClient client)
      throws Exception {
    String id = client.scheduleNew("Approval", null);

    assertThat(completed(client, id)).isEqualTo("escalated at " + START.plus(Duration.ofDays(7)));
  }

  // docs:end time-skips

  @Test
  void approval_answeredBeforeTheTimeout_completesWithoutTheClockMoving(
      DurableTestEnvironment env, OrchestrationClient client) throws Exception {
    String id = client.scheduleNew("Approval", null);
    client.raiseEvent(id, "approval", "ada");

    assertThat(completed(client, id)).isEqualTo("approved by ada at " + START);
    assertThat(env.currentTime()).isEqualTo(START);
  }

  @Test
  void retries_backOffExponentially_upToAnHourBetweenAttempts(OrchestrationClient client)
      throws Exception {
    attempts.clear();
    String id = client.scheduleNew("Flaky", null);

    assertThat(completed(client, id)).isEqualTo("succeeded on attempt 7");
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < attempts.size(); i++) {
      gaps.add(Duration.between(attempts.get(i - 1), attempts.get(i)));
    }
    assertThat(attempts.get(0)).isEqualTo(START);
    assertThat(gaps)
        .containsExactly(
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(40),
            Duration.ofHours(1),
            Duration.ofHours(1));
  }

  @Test
  void monitor_continuesAsNewEveryHourForThirtyDays(OrchestrationClient client) throws Exception {
    String id = client.scheduleNew("Monitor", 0);

    assertThat(completed(client, id))
        .isEqualTo("720 checks, the last at " + START.plus(Duration.ofDays(30)));
  }

  // docs:start advance
  @Test
  void scheduledSignal_anHourAhead_isNotAppliedAt59Minutes_andIsAt60(DurableTestEnvironment env) {
    EntityInstanceId id = EntityInstanceId.of(Account.class, "s");
    env.entities().signal(Account.class, id, START.plus(Duration.ofHours(1))).deposit(100);

    env.advance(Duration.ofMinutes(59));

    assertThat(env.entities().get(id, Long.class).map(EntityMetadata::state))
        .as("queued, not yet applied")
        .isEmpty();

    env.advance(Duration.ofMinutes(1));

    EntityMetadata<Long> account = env.entities().get(id, Long.class).orElseThrow();
    assertThat(account.state()).isEqualTo(100L);
    assertThat(account.lastModified()).isEqualTo(START.plus(Duration.ofHours(1)));
  }

  // docs:end advance

  @Test
  void signalAfter_anHour_countsFromTheVirtualClock_notTheWallClock(DurableTestEnvironment env) {
    env.advance(Duration.ofDays(3)); // START is years from the wall clock; now 3 days past it
    EntityInstanceId id = EntityInstanceId.of(Account.class, "after");
    env.entities().signalAfter(Account.class, id, Duration.ofHours(1)).deposit(100);

    env.advance(Duration.ofMinutes(59));

    assertThat(env.entities().get(id, Long.class).map(EntityMetadata::state))
        .as("due at virtual 60 min, not applied at 59")
        .isEmpty();

    env.advance(Duration.ofMinutes(1));

    EntityMetadata<Long> account = env.entities().get(id, Long.class).orElseThrow();
    assertThat(account.state()).isEqualTo(100L);
    assertThat(account.lastModified()).isEqualTo(START.plus(Duration.ofDays(3)).plusSeconds(3600));
  }

  @Test
  void lockedTransfer_waitsForTheOrchestrationHoldingALockOverADayTimer(
      DurableTestEnvironment env, OrchestrationClient client) throws Exception {
    env.entities().signal(Account.class, EntityInstanceId.of(Account.class, "a")).deposit(500);
    String holder = client.scheduleNew("HoldForADay", null);
    env.runUntilIdle();
    assertThat(env.entities().get(EntityInstanceId.of(Account.class, "a")).orElseThrow().lockedBy())
        .isEqualTo(holder);

    String transfer = client.scheduleNew("Transfer", null);

    assertThat(completed(client, transfer)).isEqualTo("moved at " + START.plus(Duration.ofDays(1)));
    assertThat(completed(client, holder))
        .isEqualTo("released at " + START.plus(Duration.ofDays(1)));
    assertThat(env.entities().call(Account.class, "a").balance()).isEqualTo(200);
    assertThat(env.entities().call(Account.class, "b").balance()).isEqualTo(300);
  }
}
