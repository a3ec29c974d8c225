package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.store.StoreOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * What the engine takes from its surroundings instead of reaching for it itself, so that a test can
 * drive it through the construction path: the clock every time read goes through, the schedule of
 * its maintenance, a setup step for each connection its store opens, who hears how many calls wait
 * for instances, and a gate its writer passes before it takes work. The scheduler uses {@link
 * #defaults()}.
 *
 * @param clock every reading of the time (group times, timers, leases, the dedup window,
 *     lastModified) comes from here
 * @param maintenance when timers, lease expiry, pruning and reload retries run
 * @param connectionSetup runs on each writer connection of a file store (e.g. a test that makes the
 *     database "full" with {@code PRAGMA max_page_count})
 * @param waitingCalls told the number of waiting {@code WaitForInstance*} calls whenever it changes
 * @param writerGate passed by the writer thread before it waits for queued work (a test holds it so
 *     that the requests it makes meanwhile share one group)
 */
public record EngineSeams(
    InstantSource clock,
    MaintenanceSchedule maintenance,
    StoreOptions.ConnectionSetup connectionSetup,
    IntConsumer waitingCalls,
    WriterGate writerGate) {

  /** How often the scheduler runs its maintenance. */
  public static final Duration MAINTENANCE_PERIOD = Duration.ofMillis(50);

  public EngineSeams {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(maintenance, "maintenance");
    Objects.requireNonNull(connectionSetup, "connectionSetup");
    Objects.requireNonNull(waitingCalls, "waitingCalls");
    Objects.requireNonNull(writerGate, "writerGate");
  }

  /**
   * The system clock, maintenance every {@link #MAINTENANCE_PERIOD}, an open writer gate, nothing
   * else.
   */
  public static EngineSeams defaults() {
    return new EngineSeams(
        Clock.systemUTC(),
        MaintenanceSchedule.every(MAINTENANCE_PERIOD),
        StoreOptions.ConnectionSetup.NONE,
        count -> {},
        WriterGate.OPEN);
  }

  /** These seams with another clock. */
  public EngineSeams withClock(InstantSource c) {
    return new EngineSeams(c, maintenance, connectionSetup, waitingCalls, writerGate);
  }

  /** These seams with another maintenance schedule. */
  public EngineSeams withMaintenance(MaintenanceSchedule m) {
    return new EngineSeams(clock, m, connectionSetup, waitingCalls, writerGate);
  }

  /** These seams with a setup step for the store's connections. */
  public EngineSeams withConnectionSetup(StoreOptions.ConnectionSetup setup) {
    return new EngineSeams(clock, maintenance, setup, waitingCalls, writerGate);
  }

  /** These seams telling {@code listener} the number of waiting calls. */
  public EngineSeams withWaitingCalls(IntConsumer listener) {
    return new EngineSeams(clock, maintenance, connectionSetup, listener, writerGate);
  }

  /** These seams with another gate for the writer. */
  public EngineSeams withWriterGate(WriterGate gate) {
    return new EngineSeams(clock, maintenance, connectionSetup, waitingCalls, gate);
  }
}
