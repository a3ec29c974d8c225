package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker and the client against the real in-process scheduler. */
class EntitiesEndToEndTest {

  /** Waits on the scheduler: generous for a loaded 2-core machine, polling every 10 ms. */
  private static final ConditionFactory EVENTUALLY =
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10));

  /** A counter. */
  public static final class CounterEntity extends TaskEntity<Long> {
    public void add(long amount) {
      state += amount;
    }

    public long get() {
      return state;
    }
  }

  private final List<AutoCloseable> resources = new ArrayList<>();

  @TempDir Path dataDir;

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

  private EmbeddedScheduler inMemoryScheduler() {
    return track(EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build()));
  }

  private DurableWorker worker(String connection, DurableWorker.Builder... ignored) {
    return track(
        DurableWorker.newBuilder(connection)
            .entity(CounterEntity.class)
            .maxConcurrentEntityWorkItems(2)
            .shutdownTimeout(Duration.ofSeconds(10))
            .start());
  }

  private DurableClient client(String connection) {
    return track(DurableClient.connect(connection));
  }

  private static long stateOf(DurableClient client, EntityInstanceId id, long expected) {
    return EVENTUALLY
        .alias(id + " has state " + expected)
        .until(
            () -> client.entities().get(id, Long.class),
            found -> found.isPresent() && Long.valueOf(expected).equals(found.get().state()))
        .orElseThrow()
        .state();
  }

  @Test
  void signal_isAppliedAndVisibleThroughGet() {
    EmbeddedScheduler scheduler = inMemoryScheduler();
    worker(scheduler.connectionString());
    DurableClient client = client(scheduler.connectionString());
    EntityInstanceId id = EntityInstanceId.of("counter", "c1");

    client.entities().signal(id, "add", 5);
    client.entities().signal(id, "add", 10);

    assertThat(stateOf(client, id, 15)).isEqualTo(15);
    EntityMetadata<Void> metadata = client.entities().get(id).orElseThrow();
    assertThat(metadata.includesState()).isFalse();
    assertThat(metadata.isLocked()).isFalse();
    assertThat(metadata.backlogQueueSize()).isZero();
    assertThat(client.entities().get(EntityInstanceId.of("counter", "nobody"))).isEmpty();
  }

  @Test
  void scheduledSignal_isNotAppliedBeforeItsTime() {
    EmbeddedScheduler scheduler = inMemoryScheduler();
    worker(scheduler.connectionString());
    DurableClient client = client(scheduler.connectionString());
    EntityInstanceId id = EntityInstanceId.of("counter", "later");
    Instant at = Instant.now().plusMillis(700).truncatedTo(ChronoUnit.MILLIS);

    client.entities().signal(id, "add", 3, at);

    stateOf(client, id, 3);
    assertThat(Instant.now()).isAfterOrEqualTo(at);
    assertThat(client.entities().get(id).orElseThrow().lastModified()).isAfterOrEqualTo(at);
  }

  @Test
  void query_pagesThroughAllMatchingEntities() {
    EmbeddedScheduler scheduler = inMemoryScheduler();
    worker(scheduler.connectionString());
    DurableClient client = client(scheduler.connectionString());
    for (int i = 0; i < 5; i++) {
      client.entities().signal(EntityInstanceId.of("counter", "q" + i), "add", i + 1);
    }
    client.entities().signal(EntityInstanceId.of("counter", "other"), "add", 1);
    stateOf(client, EntityInstanceId.of("counter", "q4"), 5);
    stateOf(client, EntityInstanceId.of("counter", "other"), 1);

    List<EntityMetadata<Long>> found =
        EVENTUALLY
            .alias("all five are visible")
            .until(
                () ->
                    client
                        .entities()
                        .query(
                            EntityQuery.newBuilder()
                                .instanceIdStartsWith("Counter@q")
                                .pageSize(2)
                                .build(),
                            Long.class)
                        .toList(),
                list -> list.size() == 5 && list.stream().allMatch(m -> m.state() != null));

    assertThat(found).extracting(m -> m.id().key()).containsExactly("q0", "q1", "q2", "q3", "q4");
    assertThat(found).extracting(EntityMetadata::state).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(
            client
                .entities()
                .query(EntityQuery.newBuilder().includeState(false).pageSize(1).build())
                .toList())
        .hasSize(6)
        .allSatisfy(m -> assertThat(m.state()).isNull());
  }

  @Test
  void cleanStorage_runsToCompletion_andDeletedEntitiesAreGone() {
    EmbeddedScheduler scheduler = inMemoryScheduler();
    worker(scheduler.connectionString());
    DurableClient client = client(scheduler.connectionString());
    EntityInstanceId id = EntityInstanceId.of("counter", "gone");
    client.entities().signal(id, "add", 3);
    stateOf(client, id, 3);

    client.entities().signal(id, "delete", null);
    EVENTUALLY.alias("the entity is deleted").until(() -> client.entities().get(id).isEmpty());
    CleanEntityStorageResult result = client.entities().cleanStorage(true, true);

    assertThat(result.emptyEntitiesRemoved()).isNotNegative();
    assertThat(result.orphanedLocksReleased()).isZero();
    assertThat(client.entities().query(EntityQuery.all()).toList()).isEmpty();
  }

  @Test
  void taskHubs_areIsolated() {
    EmbeddedScheduler scheduler = inMemoryScheduler();
    String hubA = scheduler.connectionString() + ";TaskHub=hub-a";
    String hubB = scheduler.connectionString() + ";TaskHub=hub-b";
    worker(hubA);
    worker(hubB);
    DurableClient clientA = client(hubA);
    DurableClient clientB = client(hubB);
    EntityInstanceId id = EntityInstanceId.of("counter", "shared-key");

    clientA.entities().signal(id, "add", 1);
    clientB.entities().signal(id, "add", 100);

    assertThat(stateOf(clientA, id, 1)).isEqualTo(1);
    assertThat(stateOf(clientB, id, 100)).isEqualTo(100);
  }

  @Test
  void workerKilledMidBatch_batchIsRedelivered_andRunsOnce() throws Exception {
    EmbeddedScheduler scheduler = inMemoryScheduler();
    String connection = scheduler.connectionString();
    CountDownLatch never = new CountDownLatch(1);
    BlockingQueue<String> firstWorkerStarted = new LinkedBlockingQueue<>();
    AtomicInteger secondWorkerRuns = new AtomicInteger();
    DurableWorker doomed =
        DurableWorker.newBuilder(connection)
            .entity(
                "counter",
                () ->
                    operation -> {
                      firstWorkerStarted.add(operation.name());
                      never.await(30, TimeUnit.SECONDS);
                      throw new IllegalStateException("must never complete");
                    })
            .start();
    DurableClient client = client(connection);
    EntityInstanceId id = EntityInstanceId.of("counter", "k");
    client.entities().signal(id, "add", 7);
    assertThat(firstWorkerStarted.poll(30, TimeUnit.SECONDS)).isEqualTo("add");

    doomed.abort();
    track(
        DurableWorker.newBuilder(connection)
            .entity(
                "counter",
                () -> {
                  secondWorkerRuns.incrementAndGet();
                  return new CounterEntity();
                })
            .start());

    assertThat(stateOf(client, id, 7)).isEqualTo(7);
    never.countDown();
    client.entities().signal(id, "add", 1);
    assertThat(stateOf(client, id, 8)).isEqualTo(8);
  }

  @Test
  void batchThrowingAnError_isAbandonedAndRedelivered_untilTheSchedulerDropsIt() {
    EmbeddedScheduler scheduler =
        track(
            EmbeddedScheduler.start(
                SchedulerOptions.newBuilder().inMemory().maxDeliveryAttempts(3).build()));
    AtomicInteger explosions = new AtomicInteger();
    track(
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(
                "counter",
                () ->
                    operation -> {
                      if (operation.name().equals("explode")) {
                        explosions.incrementAndGet();
                        throw new AssertionError("an Error escapes the executor");
                      }
                      return new CounterEntity().run(operation);
                    })
            .start());
    DurableClient client = client(scheduler.connectionString());
    EntityInstanceId id = EntityInstanceId.of("counter", "fragile");

    client.entities().signal(id, "explode", null);
    EVENTUALLY.alias("three delivery attempts").until(explosions::get, attempts -> attempts == 3);
    client.entities().signal(id, "add", 2);

    assertThat(stateOf(client, id, 2)).isEqualTo(2);
    assertThat(explosions).hasValue(3);
  }

  @Test
  void state_survivesASchedulerRestartOnTheSameDataDirectory() {
    SchedulerOptions options = SchedulerOptions.newBuilder().dataDir(dataDir).build();
    EntityInstanceId id = EntityInstanceId.of("counter", "durable");
    try (EmbeddedScheduler first = EmbeddedScheduler.start(options);
        DurableClient client = DurableClient.connect(first.connectionString());
        DurableWorker worker =
            DurableWorker.newBuilder(first.connectionString())
                .entity(CounterEntity.class)
                .start()) {
      client.entities().signal(id, "add", 40);
      stateOf(client, id, 40);
    }
    try (EmbeddedScheduler first = EmbeddedScheduler.start(options);
        DurableClient client = DurableClient.connect(first.connectionString())) {
      client.entities().signal(id, "add", 2);
    }

    EmbeddedScheduler second = track(EmbeddedScheduler.start(options));
    DurableClient client = client(second.connectionString());
    Optional<EntityMetadata<Long>> before = client.entities().get(id, Long.class);
    worker(second.connectionString());

    assertThat(before).get().extracting(EntityMetadata::state).isEqualTo(40L);
    assertThat(stateOf(client, id, 42)).isEqualTo(42);
  }
}
