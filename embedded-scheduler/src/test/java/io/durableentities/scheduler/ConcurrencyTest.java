package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.WorkItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many senders and two workers at once: every signal runs exactly once, in order per sender. */
class ConcurrencyTest {

  private static final int ENTITIES = 8;
  private static final int SIGNALS_PER_ENTITY = 60;

  private final SchedulerHarness h = new SchedulerHarness();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    h.close();
  }

  /**
   * The entity state is "count,last": how many operations ran and the last input seen. A worker
   * records a violation when an input is not exactly last + 1.
   */
  private Future<?> runWorker(
      TestWorker worker, ConcurrentLinkedQueue<String> violations, CountDownLatch finished) {
    return threads.submit(
        () -> {
          while (!Thread.currentThread().isInterrupted()) {
            WorkItem item = worker.poll(Duration.ofMillis(100));
            if (item == null) {
              continue;
            }
            String state =
                item.getEntityRequestV2().hasEntityState()
                    ? item.getEntityRequestV2().getEntityState().getValue()
                    : "0,-1";
            int count = Integer.parseInt(state.split(",")[0]);
            int last = Integer.parseInt(state.split(",")[1]);
            for (String input : SchedulerHarness.inputs(item)) {
              int n = Integer.parseInt(input);
              if (n != last + 1) {
                violations.add(
                    item.getEntityRequestV2().getInstanceId() + ": " + n + " after " + last);
              }
              last = n;
              count++;
            }
            worker.complete(SchedulerHarness.resultAll(item, count + "," + last).build());
            if (count == SIGNALS_PER_ENTITY) {
              finished.countDown();
            }
          }
          return null;
        });
  }

  @Test
  void concurrentSignals_runExactlyOnce_inOrderPerSender() throws Exception {
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    CountDownLatch finished = new CountDownLatch(ENTITIES);
    runWorker(h.worker(), violations, finished);
    runWorker(h.worker(), violations, finished);

    List<Future<?>> senders = new ArrayList<>();
    for (int e = 0; e < ENTITIES; e++) {
      String id = "@counter@" + e;
      senders.add(
          threads.submit(
              () -> {
                for (int i = 0; i < SIGNALS_PER_ENTITY; i++) {
                  h.signal(id, "add", Integer.toString(i));
                }
                return null;
              }));
    }
    for (Future<?> s : senders) {
      s.get(60, TimeUnit.SECONDS);
    }

    assertThat(finished.await(60, TimeUnit.SECONDS))
        .as("every entity ran all its signals")
        .isTrue();

    for (int e = 0; e < ENTITIES; e++) {
      var entity = h.get("@counter@" + e).getEntity();
      assertThat(entity.getSerializedState().getValue())
          .isEqualTo(SIGNALS_PER_ENTITY + "," + (SIGNALS_PER_ENTITY - 1));
      assertThat(entity.getBacklogQueueSize()).isZero();
    }
    assertThat(violations).isEmpty();
  }
}
