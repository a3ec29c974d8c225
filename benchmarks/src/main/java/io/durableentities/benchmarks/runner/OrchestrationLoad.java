package io.durableentities.benchmarks.runner;

import io.durableentities.orchestration.OrchestrationClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A closed-loop orchestration load: starts a new orchestration whenever one finishes, so a fixed
 * number is in flight. Finishing frees a slot ({@link OrchestrationProbes#finished}).
 */
final class OrchestrationLoad implements AutoCloseable {

  private static final int STARTERS = 4;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

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

  /**
   * What a closed-loop measurement gave.
   *
   * @param window the steady-state window over the given counters
   * @param inFlightAtEnd orchestrations started but not finished when the window ended
   * @param drainSeconds how long the ones in flight took to finish after the starts stopped
   */
  record Result(SteadyState.Window window, long inFlightAtEnd, double drainSeconds) {}

  /**
   * Runs the load through a warm-up and a window (per-step latencies recorded in the window only),
   * stops starting (after at least one finished), and waits until every started one finished.
   *
   * @param counters the counters to read over the window
   */
  static Result measure(
      OrchestrationClient client,
      String name,
      int concurrency,
      LongFunction<Object> input,
      RunnerOptions options,
      LongSupplier... counters)
      throws InterruptedException {
    LongSupplier[] all = Arrays.copyOf(counters, counters.length + 2);
    all[counters.length] = OrchestrationProbes::finishedCount;
    SteadyState.Window window;
    long started;
    try (OrchestrationLoad load = start(client, name, concurrency, input)) {
      all[counters.length + 1] = load::started;
      window =
          SteadyState.measure(
              options.warmupPhase(),
              options.measure(),
              () -> OrchestrationProbes.steps().reset(),
              all);
      SteadyState.drain(OrchestrationProbes::finishedCount, 1, DRAIN_TIMEOUT, name);
      started = load.stop();
    }
    double drain =
        SteadyState.drain(OrchestrationProbes::finishedCount, started, DRAIN_TIMEOUT, name);
    long inFlight = window.atEnd(counters.length + 1) - window.atEnd(counters.length);
    return new Result(window, inFlight, drain);
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
