package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.client.DurableWorker;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.spring.internal.DurableWorkerLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lifecycle makes the worker once, on start, and closes it on stop. */
class DurableWorkerLifecycleTest {

  private final EmbeddedScheduler scheduler =
      EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
  private final List<DurableWorker> made = new ArrayList<>();

  @AfterEach
  void tearDown() {
    made.forEach(DurableWorker::close);
    scheduler.close();
  }

  /** A counter. */
  public static final class CounterEntity extends TaskEntity<Long> {
    /**
     * Adds.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state += amount;
    }
  }

  private DurableWorkerLifecycle lifecycle() {
    return new DurableWorkerLifecycle(
        () -> {
          DurableWorker worker =
              DurableWorker.newBuilder(scheduler.connectionString())
                  .entity(CounterEntity.class)
                  .start();
          made.add(worker);
          return worker;
        });
  }

  @Test
  void start_makesTheWorkerOnce_andStopWithCallback_closesItThenCallsBack() throws Exception {
    DurableWorkerLifecycle lifecycle = lifecycle();
    assertThat(lifecycle.isRunning()).isFalse();
    assertThat(made).isEmpty();

    lifecycle.start();
    lifecycle.start();

    assertThat(made).hasSize(1);
    assertThat(lifecycle.worker()).containsSame(made.get(0));
    CountDownLatch called = new CountDownLatch(1);
    lifecycle.stop(called::countDown);
    assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(made.get(0).isRunning()).isFalse();
    assertThat(lifecycle.isRunning()).isFalse();
    assertThat(lifecycle.worker()).isEmpty();
  }

  @Test
  void stopped_doesNotStartAgain() {
    DurableWorkerLifecycle lifecycle = lifecycle();
    lifecycle.start();
    lifecycle.stop();

    assertThatThrownBy(lifecycle::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not start again");
    assertThat(made).hasSize(1);
  }

  @Test
  void stopBeforeStart_callsBackAtOnce() {
    DurableWorkerLifecycle lifecycle = lifecycle();
    List<String> calls = new ArrayList<>();

    lifecycle.stop(() -> calls.add("done"));

    assertThat(calls).containsExactly("done");
    assertThat(made).isEmpty();
  }
}
