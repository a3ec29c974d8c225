package io.durableentities.scheduler.internal.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When the engine runs its maintenance: due timers (scheduled signals, durable timers, the end of
 * back-offs), expired leases, pruning of the dedup window, and retries of a reload that failed. The
 * engine hands its maintenance to the schedule when it starts and stops it when it closes.
 *
 * <p>A seam: the scheduler runs it {@linkplain #every(Duration) periodically}; a test passes a
 * schedule it drives itself (through the construction path, {@link EngineSeams}), and can run the
 * maintenance at a moment it chooses and wait for it.
 */
@FunctionalInterface
public interface MaintenanceSchedule {

  /** The engine's maintenance, given to a schedule. */
  @FunctionalInterface
  interface Maintenance {
    /** Runs the maintenance on the writer; completes once it has run and its changes committed. */
    CompletableFuture<Void> run();
  }

  /** Something that stops a running schedule. */
  @FunctionalInterface
  interface Stop {
    /** Stops calling the maintenance. */
    void stop();
  }

  /** Starts running {@code maintenance}; the returned handle stops it (the engine closes). */
  Stop start(Maintenance maintenance);

  /**
   * Every {@code period} on a daemon thread, skipping a run while the previous one has not
   * finished.
   */
  static MaintenanceSchedule every(Duration period) {
    return maintenance -> {
      ScheduledExecutorService ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "scheduler-ticker");
                t.setDaemon(true);
                return t;
              });
      CompletableFuture<?>[] previous = {CompletableFuture.completedFuture(null)};
      ticker.scheduleWithFixedDelay(
          () -> {
            if (previous[0].isDone()) {
              previous[0] = maintenance.run();
            }
          },
          period.toMillis(),
          period.toMillis(),
          TimeUnit.MILLISECONDS);
      return ticker::shutdownNow;
    };
  }
}
