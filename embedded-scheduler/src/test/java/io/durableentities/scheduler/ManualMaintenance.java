package io.durableentities.scheduler;

import io.durableentities.scheduler.internal.engine.EngineSeams;
import io.durableentities.scheduler.internal.engine.MaintenanceSchedule;
import java.util.concurrent.CompletableFuture;

/**
 * A maintenance schedule a test drives: the engine's maintenance also runs every 50 ms as in
 * production, and {@link #runNow()} runs it at once and waits until it is done (timers and lease
 * expiry after a test moved its {@link ManualClock}).
 */
final class ManualMaintenance implements MaintenanceSchedule {

  private final MaintenanceSchedule periodic =
      MaintenanceSchedule.every(EngineSeams.MAINTENANCE_PERIOD);
  private volatile Maintenance maintenance;
  private volatile boolean paused;

  @Override
  public Stop start(Maintenance m) {
    this.maintenance = m;
    return periodic.start(() -> paused ? CompletableFuture.completedFuture(null) : m.run());
  }

  /** Stops the periodic runs (a test that counts what each run does runs it itself). */
  void pausePeriodicRuns() {
    paused = true;
    // A periodic run that started before this may still be queued: let it finish first.
    maintenance.run().join();
  }

  /** Runs the maintenance now and waits for it (and its commit). */
  void runNow() {
    maintenance.run().join();
  }
}
