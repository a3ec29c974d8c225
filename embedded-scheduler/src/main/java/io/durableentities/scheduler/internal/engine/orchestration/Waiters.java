package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.WriterLock;
import io.durableentities.scheduler.internal.store.InstanceRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Long polls ({@code WaitForInstanceStart}, {@code WaitForInstanceCompletion}) waiting for an
 * instance to change, keyed by hub and instance id. Calls, not stored data: they outlive a reload
 * of the engine's state (and are checked against the new one, {@link #notifyAll}). Guarded by the
 * writer lock (every method checks): added and removed by RPC threads under it, woken by the writer
 * after each commit.
 */
public final class Waiters {

  /**
   * One waiting call: a condition on the instance's status, answered with its row (memory's, or the
   * store's for an instance that finished and left memory).
   */
  static final class Waiter {
    private final Predicate<OrchestrationStatus> condition;
    private final Consumer<InstanceRow> done;

    Waiter(Predicate<OrchestrationStatus> condition, Consumer<InstanceRow> done) {
      this.condition = condition;
      this.done = done;
    }

    boolean holds(OrchestrationStatus status) {
      return condition.test(status);
    }

    void answer(InstanceRow o) {
      done.accept(o);
    }
  }

  private final WriterLock lock;
  private final IntConsumer countChanged;
  private final Map<String, List<Waiter>> byInstance = new HashMap<>();
  private int count;

  /**
   * @param countChanged told the number of waiting calls whenever it changes (under the lock)
   */
  public Waiters(WriterLock lock, IntConsumer countChanged) {
    this.lock = lock;
    this.countChanged = countChanged;
  }

  static String key(String hub, String instanceId) {
    return hub + '\n' + instanceId;
  }

  void add(String key, Waiter w) {
    lock.beforeChange();
    byInstance.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
    countChanged.accept(++count);
  }

  void remove(String key, Waiter w) {
    lock.beforeChange();
    List<Waiter> list = byInstance.get(key);
    if (list != null && list.remove(w)) {
      if (list.isEmpty()) {
        byInstance.remove(key);
      }
      countChanged.accept(--count);
    }
  }

  /** Answers the waiters of the instances changed in the last group whose condition now holds. */
  public void notifyChanged(EngineState s) {
    if (byInstance.isEmpty()) {
      s.drainChanged(o -> {});
      return;
    }
    s.drainChanged(this::check);
  }

  /** Checks every waiter against a newly loaded state (after a reload). */
  public void notifyAll(EngineState s) {
    for (String key : List.copyOf(byInstance.keySet())) {
      int split = key.indexOf('\n');
      HubState h = s.hub(key.substring(0, split));
      OrchestrationRuntime o = h == null ? null : h.instance(key.substring(split + 1));
      if (o != null) {
        check(o);
      }
    }
  }

  private void check(OrchestrationRuntime o) {
    String key = key(o.hub().name(), o.instanceId());
    List<Waiter> list = byInstance.get(key);
    if (list == null) {
      return;
    }
    InstanceRow row = null;
    for (Waiter w : List.copyOf(list)) {
      if (w.holds(o.status())) {
        remove(key, w);
        if (row == null) {
          row = o.toRow();
        }
        w.answer(row);
      }
    }
  }
}
