package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.dispatch.UnhostedWork;
import io.durableentities.scheduler.internal.engine.entity.Redelivery;
import io.durableentities.scheduler.internal.engine.orchestration.Orchestrations;
import io.durableentities.scheduler.internal.engine.orchestration.TaskLeases;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's maintenance, run on the writer thread when its {@link MaintenanceSchedule} says:
 * entity timers (scheduled signals, the end of a back-off), durable timers and scheduled starts,
 * expired leases, pruning of the dedup window once a minute, warnings about work no connected
 * worker hosts ({@link UnhostedWork}), and, while no state is loaded, the retries of the load.
 */
final class Maintenance {

  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  static final long DEDUP_PRUNE_INTERVAL_MILLIS = 60_000;

  private final EngineConfig config;
  private final Store store;
  private final CurrentState current;
  private final Orchestrations orchestrations;
  private final TaskLeases taskLeases;
  private final UnhostedWork unhosted = new UnhostedWork();
  private final Redelivery redelivery;
  private final Recovery recovery;
  private long nextPruneAt;

  Maintenance(
      EngineConfig config,
      Store store,
      CurrentState current,
      Orchestrations orchestrations,
      TaskLeases taskLeases,
      Redelivery redelivery,
      Recovery recovery) {
    this.config = config;
    this.store = store;
    this.current = current;
    this.orchestrations = orchestrations;
    this.taskLeases = taskLeases;
    this.redelivery = redelivery;
    this.recovery = recovery;
  }

  /** Runs the maintenance due at {@code now} (writer thread, lock held). */
  void run(long now) throws SQLException {
    recovery.retryIfDue(now);
    EngineState s = current.orNull();
    if (s == null) {
      return;
    }
    for (HubState h : List.copyOf(s.hubs())) {
      EntityRuntime e;
      while ((e = h.pollDueEntity(now)) != null) {
        if (h.holds(e)) {
          h.refresh(e, now);
        }
      }
    }
    orchestrations.runTimers(s, now);
    taskLeases.expire(s, now);
    redelivery.expire(s, now);
    unhosted.check(s, now);
    if (now >= nextPruneAt) {
      nextPruneAt = now + DEDUP_PRUNE_INTERVAL_MILLIS;
      long through = s.seenRequestIds().forgetBefore(now - config.dedupWindowMillis());
      int pruned = through > 0 ? store.entities().pruneDedup(through) : 0;
      if (pruned > 0) {
        log.debug("Forgot {} request id(s) older than the dedup window", pruned);
      }
    }
  }
}
