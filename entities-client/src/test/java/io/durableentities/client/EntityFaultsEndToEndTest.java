package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.durableentities.core.DurableException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input and lost work, end to end: the worker and the client on the real scheduler. */
class EntityFaultsEndToEndTest {

  /** Waits on the scheduler: generous for a loaded 2-core machine, polling every 10 ms. */
  private static final ConditionFactory EVENTUALLY =
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10));

  /** A counter whose {@code grow} operation makes its state large. */
  public static final class CounterEntity extends TaskEntity<Long> {
    public void add(long amount) {
      state += amount;
    }
  }

  /** State that can be made too large for the scheduler. */
  public static final class BlobEntity extends TaskEntity<String> {
    public void grow(int chars) {
      state = "x".repeat(chars);
    }

    public void set(String value) {
      state = value;
    }
  }

  private final List<AutoCloseable> resources = new ArrayList<>();

  /** Waits until an entity's state equals {@code expected}. */
  private static <S> void awaitState(
      DurableClient client, EntityInstanceId id, Class<S> type, S expected, String what) {
    EVENTUALLY
        .alias(what)
        .until(
            () -> client.entities().get(id, type).map(EntityMetadata::state),
            state -> state.filter(expected::equals).isPresent());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  @Test
  void workerClosingWithWorkInHand_costsTheWorkNoDeliveryAttempt() throws Exception {
    EmbeddedScheduler scheduler =
        track(
            EmbeddedScheduler.start(
                SchedulerOptions.newBuilder().inMemory().maxDeliveryAttempts(1).build()));
    String connection = scheduler.connectionString();
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean block = new AtomicBoolean();
    BlockingQueue<String> started = new LinkedBlockingQueue<>();
    DurableWorker closing =
        DurableWorker.newBuilder(connection)
            .entity(
                "counter",
                () ->
                    operation -> {
                      if (block.get()) {
                        started.add(operation.name());
                        release.await(60, TimeUnit.SECONDS);
                      }
                      return new CounterEntity().run(operation);
                    })
            .maxConcurrentEntityWorkItems(1)
            .shutdownTimeout(Duration.ofMillis(100))
            .start();
    DurableClient client = track(DurableClient.connect(connection));
    // A completed batch first: the scheduler now counts this worker's lost work as failed
    // deliveries.
    EntityInstanceId warm = EntityInstanceId.of("counter", "warm");
    client.entities().signal(warm, "add", 1);
    awaitState(client, warm, Long.class, 1L, "the warm-up signal is applied");
    block.set(true);
    EntityInstanceId id = EntityInstanceId.of("counter", "handed-back");
    client.entities().signal(id, "add", 7);
    assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo("add");

    closing.close();
    release.countDown();
    track(DurableWorker.newBuilder(connection).entity(CounterEntity.class).start());

    awaitState(
        client,
        id,
        Long.class,
        7L,
        "the next worker applies the signal the closing worker gave back (max 1 attempt)");
  }

  @Test
  void leaseExpiry_handsTheBatchToAnotherWorker_andItRunsOnce() throws Exception {
    EmbeddedScheduler scheduler =
        track(
            EmbeddedScheduler.start(
                SchedulerOptions.newBuilder()
                    .inMemory()
                    .leaseTimeout(Duration.ofSeconds(2))
                    .build()));
    String connection = scheduler.connectionString();
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<String> stuckStarted = new LinkedBlockingQueue<>();
    track(
        DurableWorker.newBuilder(connection)
            .entity(
                "counter",
                () ->
                    operation -> {
                      stuckStarted.add(operation.name());
                      release.await(60, TimeUnit.SECONDS);
                      return new CounterEntity().run(operation);
                    })
            .shutdownTimeout(Duration.ofSeconds(1))
            .start());
    DurableClient client = track(DurableClient.connect(connection));
    EntityInstanceId id = EntityInstanceId.of("counter", "slow");
    client.entities().signal(id, "add", 5);
    assertThat(stuckStarted.poll(30, TimeUnit.SECONDS)).isEqualTo("add");

    AtomicInteger healthyRuns = new AtomicInteger();
    track(
        DurableWorker.newBuilder(connection)
            .entity(
                "counter",
                () -> {
                  healthyRuns.incrementAndGet();
                  return new CounterEntity();
                })
            .start());

    awaitState(
        client,
        id,
        Long.class,
        5L,
        "the healthy worker applies the signal after the lease expired");
    release.countDown();
    client.entities().signal(id, "add", 1);
    awaitState(
        client, id, Long.class, 6L, "the next signal lands on top of exactly one application");
    assertThat(healthyRuns).hasPositiveValue();
  }

  @Test
  void oversizedState_failsThatOperationAlone_andTheEntityMovesOn() {
    EmbeddedScheduler scheduler =
        track(
            EmbeddedScheduler.start(
                SchedulerOptions.newBuilder()
                    .inMemory()
                    .maxEntityStateBytes(64 * 1024)
                    .maxDeliveryAttempts(2)
                    .build()));
    String connection = scheduler.connectionString();
    track(DurableWorker.newBuilder(connection).entity(BlobEntity.class).start());
    DurableClient client = track(DurableClient.connect(connection));
    EntityInstanceId id = EntityInstanceId.of("blob", "b1");
    client.entities().signal(id, "set", "small");
    awaitState(client, id, String.class, "small", "the small state is stored");

    client.entities().signal(id, "grow", 200_000);
    client.entities().signal(id, "set", "after");

    awaitState(
        client, id, String.class, "after", "the operation after the oversized one is applied");
    assertThat(client.entities().get(id).orElseThrow().backlogQueueSize()).isZero();
  }

  @Test
  void unhostedEntityName_waitsAsBacklog_whileHostedEntitiesAreServed() {
    EmbeddedScheduler scheduler =
        track(EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build()));
    String connection = scheduler.connectionString();
    AtomicInteger counterRuns = new AtomicInteger();
    track(
        DurableWorker.newBuilder(connection)
            .entity(
                "counter",
                () -> {
                  counterRuns.incrementAndGet();
                  return new CounterEntity();
                })
            .start());
    DurableClient client = track(DurableClient.connect(connection));
    EntityInstanceId counter = EntityInstanceId.of("counter", "c");
    EntityInstanceId unknown = EntityInstanceId.of("nobody-hosts-this", "x");

    client.entities().signal(unknown, "add", 1);
    client.entities().signal(counter, "add", 1);

    awaitState(client, counter, Long.class, 1L, "the hosted entity is served");
    assertThat(client.entities().get(unknown))
        .as("it waits, visibly: its backlog, no state")
        .hasValueSatisfying(
            m -> {
              assertThat(m.backlogQueueSize()).isEqualTo(1);
              assertThat(m.includesState()).isFalse();
            });
    assertThat(
            client
                .entities()
                .query(
                    EntityQuery.newBuilder()
                        .instanceIdStartsWith("nobody-hosts-this@")
                        .includeTransient(true)
                        .build())
                .toList())
        .singleElement()
        .satisfies(m -> assertThat(m.backlogQueueSize()).isEqualTo(1));
  }

  @Test
  void oversizedSignalInput_isRejectedWithAClearError_andNothingIsStored() {
    EmbeddedScheduler scheduler =
        track(
            EmbeddedScheduler.start(
                SchedulerOptions.newBuilder().inMemory().maxMessageBytes(256 * 1024).build()));
    DurableClient client = track(DurableClient.connect(scheduler.connectionString()));
    EntityInstanceId id = EntityInstanceId.of("blob", "huge");

    assertThatThrownBy(() -> client.entities().signal(id, "set", "y".repeat(1_000_000)))
        .isExactlyInstanceOf(DurableException.class)
        .hasMessageContaining("@blob@huge")
        .hasMessageContaining("set")
        .hasMessageContaining("RESOURCE_EXHAUSTED");
    assertThat(client.entities().get(id)).isEmpty();
  }
}
