package io.durableentities.benchmarks.runner;

import io.durableentities.orchestration.OrchestrationClient;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop orchestration load: starts a new orchestration whenever one finishes, so a fixed
 * number is in flight. Finishing frees a slot ({@link OrchestrationProbes#finished}).
 */
final class OrchestrationLoad implements AutoCloseable {

  private static final int STARTERS = 4;

  private final Senders starters;
  private final AtomicLong started;

  private OrchestrationLoad(Senders starters, AtomicLong started) {
    this.starters = starters;
    this.started = started;
  }

  /**
   * Starts the load.
   *
   * @param client the orchestration client
   * @param name the orchestration
   * @param concurrency how many are in flight
   * @param input the input of the n-th start
   */
  static OrchestrationLoad start(
      OrchestrationClient client, String name, int concurrency, LongFunction<Object> input) {
    Semaphore slots = OrchestrationProbes.reset(concurrency);
    AtomicLong started = new AtomicLong();
    AtomicLong next = new AtomicLong();
    Senders starters =
        Senders.start(
            STARTERS,
            "start-" + name,
            (sender, n) -> {
              if (slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                client.scheduleNew(name, input.apply(next.getAndIncrement()));
                started.incrementAndGet();
              }
              return true;
            });
    return new OrchestrationLoad(starters, started);
  }

  /** Orchestrations started so far. */
  long started() {
    return started.get();
  }

  /** Stops starting new ones; returns how many were started in all. */
  long stop() throws InterruptedException {
    starters.stopAndJoin();
    return started.get();
  }

  @Override
  public void close() throws InterruptedException {
    starters.close();
  }
}
