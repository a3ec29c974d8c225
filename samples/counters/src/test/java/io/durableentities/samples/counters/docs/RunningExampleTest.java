package io.durableentities.samples.counters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityMetadata;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.samples.counters.Conditions;
import io.durableentities.samples.counters.Counter;
import io.durableentities.samples.counters.CounterEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running page's worker-and-client example, run for real. */
class RunningExampleTest {

  @TempDir Path data;

  @Test
  void worker_hostsTheEntity_clientSignalsAndReadsIt() {
    // docs:start worker-and-client
    try (EmbeddedScheduler scheduler =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().dataDir(data).build());
        DurableWorker worker =
            DurableWorker.newBuilder(scheduler.connectionString())
                .entity(CounterEntity.class) // name "counter", a new object per batch
                .start();
        DurableClient client = DurableClient.connect(scheduler.connectionString())) {

      EntityInstanceId id = EntityInstanceId.of(Counter.class, "c1");
      client.entities().signal(id, "add", 5L); // one-way, durable when it returns
      client.entities().signal(Counter.class, "c1").add(2); // the same, typed (entities-proxy)

      Optional<EntityMetadata<Long>> counter = client.entities().get(id, Long.class);
      // docs:end worker-and-client
      Conditions.await(
          "the counter to reach 7", Duration.ofMinutes(1), () -> stateOf(client, id) == 7);
      assertThat(stateOf(client, id)).isEqualTo(7);
    }
  }

  private static long stateOf(DurableClient client, EntityInstanceId id) {
    return client.entities().get(id, Long.class).map(EntityMetadata::state).orElse(0L);
  }
}
