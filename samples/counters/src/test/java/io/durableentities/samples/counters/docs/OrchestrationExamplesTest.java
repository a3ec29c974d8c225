package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.samples.counters.CountUp;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;
import io.durableentities.testing.DurableTestEnvironment;
import io.durableentities.testing.DurableTestExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orchestrations page's examples, run in the test environment on a virtual clock: the retry
 * back-off, the approval timeout and the ticker's timers take no real time.
 */
class OrchestrationExamplesTest {

  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Quote quote = new Quote();

  @RegisterExtension
  final DurableTestExtension durable =
      DurableTestExtension.of(
          DurableTestEnvironment.newBuilder()
              .startTime(START)
              .entity(CounterEntity.class)
              .orchestrations(
                  Orchestrations.newBuilder()
                      .orchestration(new Restock())
                      .orchestration(new CountUp())
                      .orchestration(new Ticker())
                      .orchestration(new VersionedCheckout())
                      .activity(quote)
                      .build()));

  @Test
  void restock_retriesTheActivity_waitsForApproval_thenRunsTheSubOrchestration(
      OrchestrationClient orchestrations) throws Exception {
    String id =
        orchestrations.scheduleNew(
            "Restock", new Restock.RestockRequest("stock-1", 40, Duration.ofDays(2)));
    orchestrations.waitForStart(id, TIMEOUT);

    orchestrations.raiseEvent(id, "approved", true);
    OrchestrationMetadata done = orchestrations.waitForCompletion(id, TIMEOUT);

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.readOutputAs(String.class))
        .isEqualTo("restocked: 40 units at 3 cents, stock 40");
    assertThat(quote.attempts()).isEqualTo(2);
  }

  @Test
  void restock_withoutApproval_endsWhenTheTwoDayTimerFires(
      DurableTestEnvironment env, OrchestrationClient orchestrations) throws Exception {
    String id =
        orchestrations.scheduleNew(
            "Restock", new Restock.RestockRequest("stock-2", 5, Duration.ofDays(2)));

    OrchestrationMetadata done = orchestrations.waitForCompletion(id, TIMEOUT);

    assertThat(done.readOutputAs(String.class)).isEqualTo("not approved: 5 units at 3 cents");
    // the first quote failed; the retry came 200 ms later, then the 2-day wait began
    assertThat(env.currentTime()).isEqualTo(START.plusMillis(200).plus(Duration.ofDays(2)));
  }

  @Test
  void versionedCheckout_branchesOnTheVersionItWasStartedWith(OrchestrationClient orchestrations)
      throws Exception {
    String[] ids = VersioningExample.versionedStarts(orchestrations).split(",");
    String unversioned = orchestrations.scheduleNew("VersionedCheckout", "order-0");

    assertThat(orchestrations.waitForCompletion(ids[0], TIMEOUT).readOutputAs(String.class))
        .isEqualTo("checked out order-1 with a receipt (version 2.0)");
    OrchestrationMetadata defaulted = orchestrations.waitForCompletion(ids[1], TIMEOUT);
    assertThat(defaulted.readOutputAs(String.class))
        .isEqualTo("checked out order-2 with a receipt (version 2.0)");
    assertThat(defaulted.version()).hasValue("2.0");
    assertThat(orchestrations.waitForCompletion(unversioned, TIMEOUT).readOutputAs(String.class))
        .isEqualTo("checked out order-0");
  }

  @Test
  void ticker_continuesAsNew_untilRoundThree(DurableTestEnvironment env) throws Exception {
    OrchestrationClient orchestrations = env.orchestrations();
    String id = orchestrations.scheduleNew("Ticker", 1);

    OrchestrationMetadata done = orchestrations.waitForCompletion(id, TIMEOUT);

    assertThat(done.readOutputAs(Integer.class)).isEqualTo(3);
    Counter ticks = env.entities().call(Counter.class, "ticks");
    assertThat(ticks.get()).isEqualTo(3);
    assertThat(env.currentTime()).isEqualTo(START.plusMillis(300));
  }
}
