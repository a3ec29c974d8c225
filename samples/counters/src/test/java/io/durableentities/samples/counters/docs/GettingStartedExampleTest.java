package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The getting-started page's "run it on a scheduler" step, run for real. */
// docs:start junit-end-to-end
class GettingStartedExampleTest {

  @TempDir Path dataDir;

  @Test
  void counter_onTheEmbeddedScheduler_signalledThenCalled() {
    // docs:start run-on-scheduler
    long value;
    SchedulerOptions options = SchedulerOptions.newBuilder().dataDir(dataDir).build();
    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(options);
        DurableWorker worker =
            DurableWorker.newBuilder(scheduler.connectionString())
                .entity(CounterEntity.class)
                .extension(OrchestrationWorker.of(Orchestrations.of())) // for client calls
                .start();
        DurableClient client = DurableClient.connect(scheduler.connectionString())) {
      EntityInstanceId id = EntityInstanceId.of("counter", "c1");
      client.entities().signal(Counter.class, id).add(5); // one-way and durable

      Counter counter = OrchestrationClient.of(client).entityProxy(Counter.class, id);
      value = counter.get(); // a call: waits for the result, 5
    }
    // docs:end run-on-scheduler

    assertThat(value).isEqualTo(5);
  }
}
// docs:end junit-end-to-end
