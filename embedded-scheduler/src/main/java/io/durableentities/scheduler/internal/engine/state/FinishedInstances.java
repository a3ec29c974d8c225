package io.durableentities.scheduler.internal.engine.state;

import java.util.ArrayDeque;

/**
 * The finished orchestration instances in the order they finished (start-up adds the stored ones by
 * completion time), for the retention that purges them once they are older than its period. An
 * entry whose instance was purged, replaced or restarted meanwhile is stale; the taker skips it.
 * Part of the {@link EngineState}; every mutator checks the {@link WriterLock}.
 */
public final class FinishedInstances {

  private final WriterLock lock;
  private final ArrayDeque<OrchestrationRuntime> order = new ArrayDeque<>();

  FinishedInstances(WriterLock lock) {
    this.lock = lock;
  }

  /** Records that an instance finished (its completion is committed). */
  public void add(OrchestrationRuntime o) {
    lock.beforeChange();
    order.addLast(o);
  }

  /**
   * Takes the oldest entry if it finished before {@code cutoff}: the instance to purge, or a stale
   * entry (check {@link HubState#holds(OrchestrationRuntime)} and the status); null when none.
   */
  public OrchestrationRuntime pollFinishedBefore(long cutoff) {
    OrchestrationRuntime o = order.peekFirst();
    if (o == null || o.completedAt() >= cutoff) {
      return null;
    }
    lock.beforeChange();
    return order.pollFirst();
  }

  /** How many entries are kept (stale ones included). */
  public int size() {
    return order.size();
  }
}
