package io.durableentities.spring.internal;

import io.durableentities.client.DurableWorker;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link DurableWorker} when the application context has started, and drains it in
 * Spring Boot's graceful shutdown phase: running work items finish (up to the worker's shutdown
 * timeout) while the web server finishes its requests, before the beans are destroyed; the embedded
 * scheduler and the client close after that.
 *
 * <p>The worker is made (and so connects) only in {@link #start()}. It is not restarted: a stopped
 * lifecycle does not start again.
 */
public final class DurableWorkerLifecycle implements SmartLifecycle {

  /**
   * The phase: Spring Boot's web server graceful shutdown phase ({@code
   * SmartLifecycle.DEFAULT_PHASE - 1024}), so the worker starts after the web server has and drains
   * at the same time as its requests.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private static final Logger LOG = LoggerFactory.getLogger(DurableWorkerLifecycle.class);

  private final Supplier<DurableWorker> factory;
  private final Object lock = new Object();

  /** The running worker; guarded by {@link #lock}. */
  private DurableWorker worker;

  /** Whether {@link #stop} was called; guarded by {@link #lock}. */
  private boolean stopped;

  /**
   * Creates the lifecycle.
   *
   * @param factory makes (and so starts) the worker; called once, by {@link #start()}
   */
  public DurableWorkerLifecycle(Supplier<DurableWorker> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (worker != null) {
        return;
      }
      if (stopped) {
        throw new IllegalStateException(
            "The durable worker was stopped and does not start again; restart the application");
      }
      worker = factory.get();
    }
  }

  @Override
  public void stop() {
    DurableWorker running = takeForStop();
    if (running != null) {
      running.close();
    }
  }

  @Override
  public void stop(Runnable callback) {
    DurableWorker running = takeForStop();
    if (running == null) {
      callback.run();
      return;
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                running.close();
              } catch (RuntimeException e) {
                LOG.warn("Stopping the durable worker failed", e);
              } finally {
                callback.run();
              }
            },
            "durable-worker-shutdown");
    drain.start();
  }

  private DurableWorker takeForStop() {
    synchronized (lock) {
      stopped = true;
      DurableWorker running = worker;
      worker = null;
      return running;
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (lock) {
      return worker != null;
    }
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /**
   * Returns the worker while it runs.
   *
   * @return the worker, or empty before {@link #start()} and after {@link #stop}
   */
  public Optional<DurableWorker> worker() {
    synchronized (lock) {
      return Optional.ofNullable(worker);
    }
  }
}
