package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.durableentities.core.DurableException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A signal that fits the message limit but not a work item with the entity's state is refused when
 * it is sent, instead of being accepted and never delivered (the worker's stream broke on every
 * try).
 */
class UndeliverableSignalEndToEndTest {

  /** Holds one large string. */
  public static final class BlobEntity extends TaskEntity<String> {
    public void fill(int chars) {
      state = "b".repeat(chars);
    }

    public void append(String more) {
      state = state + more;
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
  void aSignalTooLargeForTheEntitysState_isRefusedAtOnce_andTheEntityGoesOn() {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(BlobEntity.class)
            .shutdownTimeout(Duration.ofSeconds(10))
            .start();
    client = DurableClient.connect(scheduler.connectionString());
    EntityInstanceId id = EntityInstanceId.of("blob", "big");
    client.entities().signal(id, "fill", 200_000);
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("the entity holds 200 KB")
        .until(
            () ->
                client
                    .entities()
                    .get(id, String.class)
                    .map(m -> m.state() != null && m.state().length() == 200_000)
                    .orElse(false));

    DurableException refused =
        catchThrowableOfType(
            DurableException.class,
            () -> client.entities().signal(id, "append", "x".repeat(16 * 1024 * 1024 - 4096)));

    assertThat(refused)
        .hasMessageContaining("RESOURCE_EXHAUSTED")
        .hasMessageContaining("@blob@big")
        .hasMessageContaining("could never be delivered")
        .hasMessageContaining("maxMessageBytes");
    client.entities().signal(id, "append", "y");
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("a signal that fits is applied")
        .until(
            () ->
                client
                    .entities()
                    .get(id, String.class)
                    .map(m -> m.state() != null && m.state().endsWith("y"))
                    .orElse(false));
  }
}
