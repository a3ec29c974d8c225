package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;

/**
 * The finished instances the store holds and memory does not, for the writer. Memory holds every
 * active instance; a finished one leaves it after the commit that finished it. A request that needs
 * one (start with the same id, raise, terminate, suspend, resume, restart, rewind, purge) reads its
 * row on the writer's connection (its own uncommitted changes included); the instance then stays in
 * memory until the group's commit ({@link EngineState#cacheFinishedInstance}).
 *
 * <p>Requests that only concern running instances (messages to an orchestration, lock requests,
 * lock holders) look in memory alone: absent there means not running.
 */
public final class StoredInstances {

  private final Store store;

  StoredInstances(Store store) {
    this.store = store;
  }

  /** An instance of a hub: the one in memory, else its stored row; null when neither has it. */
  public OrchestrationRuntime find(EngineState s, HubState h, String instanceId)
      throws SQLException {
    OrchestrationRuntime o = h.instance(instanceId);
    if (o != null) {
      return o;
    }
    InstanceRow row = store.orchestrations().instance(h.name(), instanceId);
    return row == null ? null : cache(s, h, row);
  }

  /**
   * Like {@link #find(EngineState, HubState, String)} for a hub given by name (created in memory
   * only when the store has the instance).
   */
  public OrchestrationRuntime find(EngineState s, String hub, String instanceId)
      throws SQLException {
    HubState h = s.hub(hub);
    if (h != null) {
      return find(s, h, instanceId);
    }
    InstanceRow row = store.orchestrations().instance(hub, instanceId);
    return row == null ? null : cache(s, s.hubOrCreate(hub), row);
  }

  private static OrchestrationRuntime cache(EngineState s, HubState h, InstanceRow row) {
    OrchestrationRuntime o =
        OrchestrationRuntime.stored(
            h, row, Protos.parseFailure(row.failureDetails()), Protos.parseParent(row.parent()));
    if (o.isActive()) {
      throw new IllegalStateException(
          "Orchestration "
              + row.instanceId()
              + " (hub "
              + h.name()
              + ") is "
              + o.status()
              + " in the store but not in memory, which holds every active instance");
    }
    s.cacheFinishedInstance(o);
    return o;
  }
}
