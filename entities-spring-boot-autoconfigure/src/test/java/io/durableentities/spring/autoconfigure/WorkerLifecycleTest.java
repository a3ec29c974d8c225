package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.spring.DurableEntity;
import io.durableentities.spring.internal.DurableWorkerLifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The worker starts with the context and, when the context closes, lets its running work finish
 * while the embedded scheduler still runs, so the results are committed.
 */
class WorkerLifecycleTest {

  @TempDir Path dataDir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DurableEntitiesAutoConfiguration.class))
        .withUserConfiguration(GateConfiguration.class)
        .withPropertyValues(
            "durable.embedded.data-dir=" + dataDir, "durable.worker.shutdown-timeout=20s");
  }

  @Test
  void worker_isMadeWhenTheContextStarts_inSpringBootsGracefulShutdownPhase() {
    runner()
        .withBean(Gate.class, Gate::new)
        .run(
            context -> {
              DurableWorkerLifecycle lifecycle = context.getBean(DurableWorkerLifecycle.class);
              assertThat(lifecycle.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 1024);
              BeanDefinition worker = context.getBeanFactory().getBeanDefinition("durableWorker");
              assertThat(worker.isLazyInit()).isTrue();
              assertThat(lifecycle.worker()).containsSame(context.getBean(DurableWorker.class));
              assertThat(lifecycle.worker().orElseThrow().awaitConnected(Duration.ofSeconds(30)))
                  .isTrue();
            });
  }

  @Test
  void close_drainsTheRunningBatch_beforeTheEmbeddedSchedulerStops() throws Exception {
    Gate gate = new Gate();

    runner()
        .withBean(Gate.class, () -> gate)
        .run(
            context -> {
              context.getBean(EntityClient.class).signal(id(), "work", null);
              assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
              DurableWorkerLifecycle lifecycle = context.getBean(DurableWorkerLifecycle.class);
              EmbeddedScheduler scheduler = context.getBean(EmbeddedScheduler.class);
              Thread closer = new Thread(context::close, "test-close");
              closer.start();
              await().atMost(Duration.ofSeconds(30)).until(() -> !lifecycle.isRunning());
              assertThat(scheduler.awaitTermination(0, TimeUnit.MILLISECONDS)).isFalse();
              gate.release.countDown();
              closer.join(TimeUnit.SECONDS.toMillis(60));
              assertThat(closer.isAlive()).isFalse();
              assertThat(scheduler.awaitTermination(0, TimeUnit.MILLISECONDS)).isTrue();
            });

    try (EmbeddedScheduler reopened =
            EmbeddedScheduler.start(SchedulerOptions.newBuilder().dataDir(dataDir).build());
        DurableClient client = DurableClient.connect(reopened.connectionString())) {
      Optional<EntityMetadata<Long>> slow = client.entities().get(id(), Long.class);
      assertThat(slow).map(EntityMetadata::state).contains(1L);
      assertThat(slow.orElseThrow().backlogQueueSize()).isZero();
    }
  }

  private static EntityInstanceId id() {
    return EntityInstanceId.of("slow", "s1");
  }

  /** Holds the entity's operation until released. */
  static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
  }

  /** An entity whose operation waits at the gate. */
  @DurableEntity
  public static class SlowEntity extends TaskEntity<Long> {
    private final Gate gate;

    /**
     * Creates the entity.
     *
     * @param gate the gate
     */
    public SlowEntity(Gate gate) {
      this.gate = gate;
    }

    /**
     * Waits at the gate, then counts.
     *
     * @throws InterruptedException if interrupted
     */
    public void work() throws InterruptedException {
      gate.entered.countDown();
      if (!gate.release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      state += 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import(SlowEntity.class)
  static class GateConfiguration {}
}
