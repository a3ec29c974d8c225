package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.DurableClient;
import io.durableentities.core.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityMetadata;
import io.durableentities.core.EntityQuery;
import io.durableentities.core.TaskEntity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler process killed with SIGKILL while clients signal: after a restart on the same data
 * directory every acknowledged signal is applied exactly once.
 */
class SchedulerKillIT {

  private static final int SENDERS = 8;
  private static final int COUNTERS = 20;

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

  @TempDir Path dataDir;

  @Test
  void sigkillDuringSignals_everyAcknowledgedSignalIsAppliedExactlyOnce() throws Exception {
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong attempted = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch enough = new CountDownLatch(1);
    SchedulerProcess first = SchedulerProcess.start(Duration.ofSeconds(60), dataDir);
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try (DurableClient client =
        DurableClient.newBuilder(first.connectionString())
            .callTimeout(Duration.ofSeconds(5))
            .build()) {
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        senders.submit(
            () -> {
              for (long i = 0; !stop.get(); i++) {
                EntityInstanceId id =
                    EntityInstanceId.of("counter", "c" + ((sender + i) % COUNTERS));
                attempted.incrementAndGet();
                try {
                  client.entities().signal(id, "add", 1L);
                } catch (RuntimeException e) {
                  return; // the scheduler is gone: this signal was not acknowledged
                }
                if (acknowledged.incrementAndGet() >= 300) {
                  enough.countDown();
                }
              }
            });
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("300 signals acknowledged").isTrue();
      first.kill();
      stop.set(true);
      senders.shutdown();
      assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      senders.shutdownNow();
      first.close();
    }
    long acked = acknowledged.get();
    long unacknowledged = attempted.get() - acked;

    try (SchedulerProcess second = SchedulerProcess.start(Duration.ofSeconds(60), dataDir);
        DurableWorker worker =
            DurableWorker.newBuilder(second.connectionString())
                .entity(CounterEntity.class)
                .start();
        DurableClient client = DurableClient.connect(second.connectionString())) {
      long total = awaitSettledTotal(client);

      assertThat(total)
          .as("applied signals (acknowledged %d, unacknowledged %d)", acked, unacknowledged)
          .isBetween(acked, acked + unacknowledged);
    }
  }

  /** Waits until no counter has queued work, then sums them. */
  private static long awaitSettledTotal(DurableClient client) {
    EntityQuery all =
        EntityQuery.newBuilder().instanceIdStartsWith("counter@").includeTransient(true).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      List<EntityMetadata<Long>> counters = new ArrayList<>();
      try (var stream = client.entities().query(all, Long.class)) {
        stream.forEach(counters::add);
      }
      long backlog = counters.stream().mapToLong(EntityMetadata::backlogQueueSize).sum();
      if (backlog == 0 && !counters.isEmpty()) {
        return counters.stream().mapToLong(c -> c.state() == null ? 0 : c.state()).sum();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("counters still have " + backlog + " queued operations");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
