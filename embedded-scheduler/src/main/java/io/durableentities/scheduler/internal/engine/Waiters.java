package io.durableentities.scheduler.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Long polls ({@code WaitForInstanceStart}, {@code WaitForInstanceCompletion}) waiting for an
 * instance to change, keyed by hub and instance id. Guarded by the engine lock: added and removed
 * by RPC threads under it, woken by the writer after each commit.
 */
final class Waiters {

  /** One waiting call. */
  static final class Waiter {
    final Predicate<OrchestrationRuntime> condition;
    final Consumer<OrchestrationRuntime> done;

    Waiter(Predicate<OrchestrationRuntime> condition, Consumer<OrchestrationRuntime> done) {
      this.condition = condition;
      this.done = done;
    }
  }

  private final Map<String, List<Waiter>> byInstance = new HashMap<>();

  static String key(String hub, String instanceId) {
    return hub + '\n' + instanceId;
  }

  void add(String key, Waiter w) {
    byInstance.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
  }

  void remove(String key, Waiter w) {
    List<Waiter> list = byInstance.get(key);
    if (list != null && list.remove(w) && list.isEmpty()) {
      byInstance.remove(key);
    }
  }

  int count() {
    int n = 0;
    for (List<Waiter> l : byInstance.values()) {
      n += l.size();
    }
    return n;
  }

  /** Completes the waiters whose condition now holds. */
  void notifyChanged(Set<OrchestrationRuntime> changed) {
    if (byInstance.isEmpty()) {
      return;
    }
    for (OrchestrationRuntime o : changed) {
      String key = key(o.hub.name, o.instanceId);
      List<Waiter> list = byInstance.get(key);
      if (list == null) {
        continue;
      }
      for (Waiter w : List.copyOf(list)) {
        if (w.condition.test(o)) {
          remove(key, w);
          w.done.accept(o);
        }
      }
    }
  }
}
