package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
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
                .start();
        DurableClient client = DurableClient.connect(scheduler.connectionString())) {
      EntityInstanceId id = EntityInstanceId.of(Counter.class, "c1"); // @counter@c1
      client.entities().signal(Counter.class, id).add(5); // one-way and durable

      Counter counter = client.entities().call(Counter.class, id);
      counter.add(1); // a call: waits until the operation ran (and throws if it failed)
      value = counter.get(); // waits for the result, 6
    }
    // docs:end run-on-scheduler

    assertThat(value).isEqualTo(6);
  }
}
// docs:end junit-end-to-end
