package io.durableentities.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.orchestration.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When virtual time moves: never while the test thread runs its own code, never past work that can
 * run, exactly to what is due on an advance, and not at all while the clock is held.
 */
class TimeSkippingTest {

  private static final Instant START = Instant.parse("2030-06-01T12:00:00Z");

  @RegisterExtension
  static final DurableTestExtension durable =
      DurableTestExtension.of(
          DurableTestEnvironment.newBuilder()
              .startTime(START)
              .entity(AccountEntity.class)
              .orchestrations(
                  Orchestrations.newBuilder()
                      .orchestration(
                          "WaitAnHour",
                          ctx -> {
                            ctx.createTimer(Duration.ofHours(1)).await();
                            return ctx.currentUtcDateTime().toString();
                          })
                      .orchestration("Race", TimeSkippingTest::race)
                      .activity("CallsAnEntity", ctx -> callTheEntity())
                      .build()));

  private static long callTheEntity() {
    return durable.environment().entities().call(Account.class, "race").balance();
  }

  /** An activity that waits on an entity call (a waiting call) races a one-hour timer. */
  private static Object race(OrchestrationContext ctx) {
    Task<Void> timer = ctx.createTimer(Duration.ofHours(1));
    Task<Long> activity = ctx.callActivity("CallsAnEntity", null, Long.class);
    Task<?> first = ctx.anyOf(List.of(timer, activity)).await();
    return (first == activity ? "activity" : "timer") + " at " + ctx.currentUtcDateTime();
  }

  @Test
  void time_doesNotMove_whileTheTestThreadRunsItsOwnCode(DurableTestEnvironment env) {
    env.orchestrations().scheduleNew("WaitAnHour", null);
    EntityInstanceId id = EntityInstanceId.of(Account.class, "t");

    env.entities().signal(Account.class, id).deposit(5);
    env.runUntilIdle();
    long balance = env.entities().call(Account.class, id).balance();

    assertThat(balance).isEqualTo(5);
    assertThat(env.currentTime())
        .as("a timer is pending, but the test never waited")
        .isEqualTo(START);
    assertThat(env.entities().get(id).orElseThrow().lastModified()).isEqualTo(START);
  }

  @Test
  void time_skipsWhileTheTestWaits_toTheTimer(OrchestrationClient client) throws Exception {
    String id = client.scheduleNew("WaitAnHour", null);

    assertThat(client.waitForCompletion(id, Duration.ofSeconds(30)).readOutputAs(String.class))
        .isEqualTo(START.plus(Duration.ofHours(1)).toString());
  }

  @Test
  void idleDetection_neverSkipsPastWorkThatCanRun_evenWhileACallWaits(
      DurableTestEnvironment env, OrchestrationClient client) throws Exception {
    String id = client.scheduleNew("Race", null);

    assertThat(client.waitForCompletion(id, Duration.ofSeconds(30)).readOutputAs(String.class))
        .as("the activity (leased, with its own waiting entity call) ran before any skip")
        .isEqualTo("activity at " + START);
  }

  @Test
  void advance_firesExactlyWhatIsDue(DurableTestEnvironment env) {
    EntityInstanceId id = EntityInstanceId.of(Account.class, "due");
    env.entities().signal(Account.class, id, START.plus(Duration.ofMinutes(10))).deposit(1);
    env.entities().signal(Account.class, id, START.plus(Duration.ofMinutes(20))).deposit(10);

    env.advance(Duration.ofMinutes(15));

    assertThat(env.currentTime()).isEqualTo(START.plus(Duration.ofMinutes(15)));
    assertThat(env.entities().get(id, Long.class).orElseThrow().state()).isEqualTo(1L);
    assertThat(env.entities().get(id).orElseThrow().lastModified())
        .as("applied at its own time, not at the advance's end")
        .isEqualTo(START.plus(Duration.ofMinutes(10)));

    env.advance(Duration.ofMinutes(5));

    assertThat(env.entities().get(id, Long.class).orElseThrow().state()).isEqualTo(11L);
  }

  @Test
  void holdClock_stopsAutomaticSkipping_untilReleased(
      DurableTestEnvironment env, OrchestrationClient client) throws Exception {
    String id = client.scheduleNew("WaitAnHour", null);

    try (ClockHold hold = env.holdClock()) {
      assertThatThrownBy(() -> client.waitForCompletion(id, Duration.ofMillis(300)))
          .isInstanceOf(TimeoutException.class);
      assertThat(env.currentTime()).isEqualTo(START);
    }

    assertThat(client.waitForCompletion(id, Duration.ofSeconds(30)).readOutputAs(String.class))
        .isEqualTo(START.plus(Duration.ofHours(1)).toString());
  }

  @Test
  void advance_refusesToGoBack(DurableTestEnvironment env) {
    assertThatThrownBy(() -> env.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only moves forward");
  }
}
