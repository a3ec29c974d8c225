package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.EntityQuery;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationQuery;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler process killed with SIGKILL while clients signal entities and start orchestrations
 * that call an activity and an entity: after a restart on the same data directory every
 * acknowledged signal is applied exactly once, every acknowledged orchestration completes, and
 * every orchestration's entity call is applied exactly once.
 */
class SchedulerKillIT {

  private static final int SIGNAL_SENDERS = 4;
  private static final int STARTERS = 4;
  private static final int COUNTERS = 20;
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  /** A counter. */
  public static final class CounterEntity extends TaskEntity<Long> {
    /**
     * Adds to the counter.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state += amount;
    }
  }

  /** Doubles its input with an activity, then adds 1 to one of the "o" counters. */
  private static final Orchestration TALLY =
      ctx -> {
        long n = ctx.input(Long.class);
        long doubled = ctx.callActivity("Double", n, Long.class).await();
        EntityInstanceId counter = EntityInstanceId.of("counter", "o" + (n % COUNTERS));
        ctx.entities().call(counter, "add", 1L, Void.class);
        return doubled;
      };

  @TempDir Path dataDir;

  @Test
  void sigkillDuringSignalsAndOrchestrations_acknowledgedWorkSurvivesExactlyOnce()
      throws Exception {
    AtomicLong signalsAcknowledged = new AtomicLong();
    AtomicLong signalsAttempted = new AtomicLong();
    Map<String, Long> started = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch enoughSignals = new CountDownLatch(1);
    CountDownLatch enoughStarts = new CountDownLatch(1);
    SchedulerProcess first = SchedulerProcess.start(Duration.ofSeconds(60), dataDir);
    ExecutorService senders = Executors.newFixedThreadPool(SIGNAL_SENDERS + STARTERS);
    try (DurableWorker worker = startWorker(first);
        DurableClient client =
            DurableClient.newBuilder(first.connectionString())
                .callTimeout(Duration.ofSeconds(30))
                .build()) {
      OrchestrationClient orchestrations = OrchestrationClient.of(client);
      for (int s = 0; s < SIGNAL_SENDERS; s++) {
        int sender = s;
        senders.submit(
            () -> {
              for (long i = 0; !stop.get(); i++) {
                EntityInstanceId id =
                    EntityInstanceId.of("counter", "c" + ((sender + i) % COUNTERS));
                signalsAttempted.incrementAndGet();
                try {
                  client.entities().signal(id, "add", 1L);
                } catch (RuntimeException e) {
                  continue; // not acknowledged (timed out or the scheduler is gone): may apply
                }
                if (signalsAcknowledged.incrementAndGet() >= 100) {
                  enoughSignals.countDown();
                }
              }
            });
      }
      for (int s = 0; s < STARTERS; s++) {
        int starter = s;
        senders.submit(
            () -> {
              for (long i = 0; !stop.get(); i++) {
                String id = "tally-" + starter + "-" + i;
                try {
                  orchestrations.scheduleNew("Tally", i, id);
                } catch (RuntimeException e) {
                  continue; // not acknowledged (timed out or the scheduler is gone): may exist
                }
                started.put(id, i);
                if (started.size() >= 30) {
                  enoughStarts.countDown();
                }
              }
            });
      }
      assertThat(enoughSignals.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("100 signals acknowledged (%d so far)", signalsAcknowledged.get())
          .isTrue();
      assertThat(enoughStarts.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("30 orchestrations acknowledged (%d so far)", started.size())
          .isTrue();
      first.kill();
      stop.set(true);
      senders.shutdown();
      assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      senders.shutdownNow();
      first.close();
    }
    long acked = signalsAcknowledged.get();
    long unacknowledged = signalsAttempted.get() - acked;

    try (SchedulerProcess second = SchedulerProcess.start(Duration.ofSeconds(60), dataDir);
        DurableWorker worker = startWorker(second);
        DurableClient client = DurableClient.connect(second.connectionString())) {
      OrchestrationClient orchestrations = OrchestrationClient.of(client);
      for (Map.Entry<String, Long> start : started.entrySet()) {
        OrchestrationMetadata done = orchestrations.waitForCompletion(start.getKey(), DEADLINE);
        assertThat(done.status())
            .as("%s ended with %s", start.getKey(), done.failureDetails())
            .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        assertThat(done.readOutputAs(Long.class)).isEqualTo(2 * start.getValue());
      }
      List<String> all;
      try (var instances =
          orchestrations.query(
              OrchestrationQuery.newBuilder().instanceIdPrefix("tally-").build())) {
        all = instances.map(OrchestrationMetadata::instanceId).toList();
      }
      for (String id : all) {
        assertThat(orchestrations.waitForCompletion(id, DEADLINE).status())
            .as("%s, started but maybe not acknowledged before the kill", id)
            .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
      }

      assertThat(all).containsAll(started.keySet());
      assertThat(awaitSettledTotal(client, "counter@c"))
          .as("applied signals (acknowledged %d, unacknowledged %d)", acked, unacknowledged)
          .isBetween(acked, acked + unacknowledged);
      assertThat(awaitSettledTotal(client, "counter@o"))
          .as("entity calls applied by %d completed orchestrations", all.size())
          .isEqualTo(all.size());
    }
  }

  private static DurableWorker startWorker(SchedulerProcess scheduler) {
    Orchestrations registry =
        Orchestrations.newBuilder()
            .orchestration("Tally", TALLY)
            .activity("Double", ctx -> 2 * ctx.input(Long.class))
            .build();
    return DurableWorker.newBuilder(scheduler.connectionString())
        .entity(CounterEntity.class)
        .extension(OrchestrationWorker.of(registry))
        .shutdownTimeout(Duration.ofSeconds(2))
        .start();
  }

  /** Waits until no counter with the prefix has queued work, then sums them. */
  private static long awaitSettledTotal(DurableClient client, String prefix) {
    EntityQuery query =
        EntityQuery.newBuilder().instanceIdStartsWith(prefix).includeTransient(true).build();
    List<EntityMetadata<Long>> settled =
        await(prefix + " counters have no queued operations")
            .atMost(DEADLINE)
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> {
                  try (var stream = client.entities().query(query, Long.class)) {
                    return stream.toList();
                  }
                },
                counters ->
                    !counters.isEmpty()
                        && counters.stream().allMatch(c -> c.backlogQueueSize() == 0));
    return settled.stream().mapToLong(c -> c.state() == null ? 0 : c.state()).sum();
  }
}
