package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.samples.counters.CountUp;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestrations page's examples, run on the in-process scheduler. */
class OrchestrationExamplesIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Quote quote = new Quote();
  private EmbeddedScheduler scheduler;
  private DurableWorker worker;
  private DurableClient client;
  private OrchestrationClient orchestrations;

  @BeforeEach
  void start() {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    Orchestrations registry =
        Orchestrations.newBuilder()
            .orchestration(new Restock())
            .orchestration(new CountUp())
            .orchestration(new Ticker())
            .activity(quote)
            .build();
    worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(CounterEntity.class)
            .extension(OrchestrationWorker.of(registry))
            .start();
    client = DurableClient.connect(scheduler.connectionString());
    orchestrations = OrchestrationClient.of(client);
  }

  @AfterEach
  void stop() {
    client.close();
    worker.close();
    scheduler.close();
  }

  @Test
  void restock_retriesTheActivity_waitsForApproval_thenRunsTheSubOrchestration() throws Exception {
    String id =
        orchestrations.scheduleNew(
            "Restock", new Restock.RestockRequest("stock-1", 40, Duration.ofMinutes(10)));
    orchestrations.waitForStart(id, TIMEOUT);

    orchestrations.raiseEvent(id, "approved", true);
    OrchestrationMetadata done = orchestrations.waitForCompletion(id, TIMEOUT);

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.readOutputAs(String.class))
        .isEqualTo("restocked: 40 units at 3 cents, stock 40");
    assertThat(quote.attempts()).isEqualTo(2);
  }

  @Test
  void restock_withoutApproval_endsWhenTheTimerFires() throws Exception {
    String id =
        orchestrations.scheduleNew(
            "Restock", new Restock.RestockRequest("stock-2", 5, Duration.ofMillis(500)));

    OrchestrationMetadata done = orchestrations.waitForCompletion(id, TIMEOUT);

    assertThat(done.readOutputAs(String.class)).isEqualTo("not approved: 5 units at 3 cents");
  }

  @Test
  void ticker_continuesAsNew_untilRoundThree() throws Exception {
    String id = orchestrations.scheduleNew("Ticker", 1);

    OrchestrationMetadata done = orchestrations.waitForCompletion(id, TIMEOUT);

    assertThat(done.readOutputAs(Integer.class)).isEqualTo(3);
    Counter ticks = client.entities().call(Counter.class, "ticks");
    assertThat(ticks.get()).isEqualTo(3);
  }
}
