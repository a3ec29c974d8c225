package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A query with states over entities whose states together are far larger than a gRPC message may
 * be: the scheduler pages by bytes, so the client's stream gets every entity.
 */
class QueryLargeStatesEndToEndTest {

  /** Just under the default state limit (1 MiB) once serialized as a JSON string. */
  private static final int STATE_CHARS = 1_000_000;

  private static final int ENTITIES = 30;

  /** Holds one large string. */
  public static final class BlobEntity extends TaskEntity<String> {
    public void fill(int chars) {
      state = "b".repeat(chars);
    }
  }

  private EmbeddedScheduler scheduler;
  private DurableWorker worker;
  private DurableClient client;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  @Test
  void thirtyMegabytesOfStates_streamThroughTheClientsQuery() {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(BlobEntity.class)
            .shutdownTimeout(Duration.ofSeconds(10))
            .start();
    client = DurableClient.connect(scheduler.connectionString());
    for (int i = 0; i < ENTITIES; i++) {
      client.entities().signal(EntityInstanceId.of("blob", "b" + i), "fill", STATE_CHARS);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("every entity has its state")
        .until(
            () ->
                client
                        .entities()
                        .query(EntityQuery.newBuilder().includeState(false).build())
                        .count()
                    == ENTITIES);

    List<EntityMetadata<String>> found =
        client.entities().query(EntityQuery.all(), String.class).toList();

    assertThat(found).hasSize(ENTITIES);
    assertThat(found).extracting(m -> m.id().key()).doesNotHaveDuplicates();
    assertThat(found).allSatisfy(m -> assertThat(m.state()).hasSize(STATE_CHARS));
  }
}
