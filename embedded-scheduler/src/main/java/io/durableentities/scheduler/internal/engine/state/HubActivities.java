package io.durableentities.scheduler.internal.engine.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The scheduled activity tasks of a task hub by id, and those ready for dispatch in order. Part of
 * its {@link HubState}, which adds and removes tasks (keeping their instances in step); every
 * mutator checks the {@link WriterLock}.
 */
public final class HubActivities {

  private final WriterLock lock;
  private final Map<Long, ActivityTask> byId = new HashMap<>();
  private final LinkedHashSet<ActivityTask> ready = new LinkedHashSet<>();

  HubActivities(WriterLock lock) {
    this.lock = lock;
  }

  void add(ActivityTask a) {
    lock.beforeChange();
    byId.put(a.id(), a);
    ready.add(a);
  }

  void remove(ActivityTask a) {
    lock.beforeChange();
    byId.remove(a.id());
    ready.remove(a);
  }

  /** A scheduled activity task by id, or null. */
  public ActivityTask get(long id) {
    return byId.get(id);
  }

  /** Offers the ready activities in order while {@code room} holds; taken ones leave the set. */
  public void offerReady(BooleanSupplier room, Predicate<ActivityTask> take) {
    if (ready.isEmpty()) {
      return;
    }
    lock.beforeChange();
    List<ActivityTask> taken = new ArrayList<>();
    for (ActivityTask a : ready) {
      if (!room.getAsBoolean()) {
        break;
      }
      if (take.test(a)) {
        taken.add(a);
      }
    }
    taken.forEach(ready::remove);
  }

  /** The ready activity tasks, oldest first (a read-only view, for diagnostics). */
  public Collection<ActivityTask> ready() {
    return Collections.unmodifiableCollection(ready);
  }

  /** Makes an activity ready again (released, or its work item could not be sent). */
  public void markReady(ActivityTask a) {
    lock.beforeChange();
    if (byId.get(a.id()) == a) {
      ready.add(a);
    }
  }
}
