package io.durableentities.scheduler;

import io.durableentities.scheduler.internal.engine.EngineSeams;
import io.durableentities.scheduler.internal.engine.MaintenanceSchedule;

/**
 * A maintenance schedule a test drives: the engine's maintenance also runs every 50 ms as in
 * production, and {@link #runNow()} runs it at once and waits until it is done (timers and lease
 * expiry after a test moved its {@link ManualClock}).
 */
final class ManualMaintenance implements MaintenanceSchedule {

  private final MaintenanceSchedule periodic =
      MaintenanceSchedule.every(EngineSeams.MAINTENANCE_PERIOD);
  private volatile Maintenance maintenance;

  @Override
  public Stop start(Maintenance m) {
    this.maintenance = m;
    return periodic.start(m);
  }

  /** Runs the maintenance now and waits for it (and its commit). */
  void runNow() {
    maintenance.run().join();
  }
}
