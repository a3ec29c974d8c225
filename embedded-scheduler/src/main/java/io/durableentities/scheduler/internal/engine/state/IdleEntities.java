package io.durableentities.scheduler.internal.engine.state;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The resident entities that are idle (no queue, no lock, no batch in flight), least recently used
 * first: the ones memory may let go of, since their stored row says all there is to know about
 * them. Shared by the hubs of one {@link EngineState}; the hubs keep it right as their entities
 * change ({@link HubState#refresh(EntityRuntime, long)}), and {@link
 * EngineState#evictIdleEntities(int)} takes from its head after a commit.
 *
 * <p>Disabled (tracks nothing) when memory must keep every entity: an in-memory store has no other
 * copy of them. Every mutator checks the {@link WriterLock}; keeping the order is bookkeeping, not
 * a change of what is stored, so it is not counted as one.
 */
final class IdleEntities {

  private final WriterLock lock;
  private final boolean enabled;
  private final LinkedHashSet<EntityRuntime> lru = new LinkedHashSet<>();

  IdleEntities(WriterLock lock, boolean enabled) {
    this.lock = lock;
    this.enabled = enabled;
  }

  /**
   * Records that {@code e} was used: it goes to the tail when idle and leaves the set otherwise.
   */
  void used(EntityRuntime e) {
    if (!enabled) {
      return;
    }
    lock.checkHeld();
    lru.remove(e);
    if (e.isIdle()) {
      lru.add(e);
    }
  }

  /** Forgets {@code e} (it left memory). */
  void remove(EntityRuntime e) {
    if (enabled) {
      lock.checkHeld();
      lru.remove(e);
    }
  }

  /** Whether idle entities are tracked (they may leave memory). */
  boolean enabled() {
    return enabled;
  }

  /** How many idle entities are tracked. */
  int size() {
    return lru.size();
  }

  /** Takes the least recently used idle entity off the set; null when none. */
  EntityRuntime pollEldest() {
    if (lru.isEmpty()) {
      return null;
    }
    lock.checkHeld();
    Iterator<EntityRuntime> it = lru.iterator();
    EntityRuntime e = it.next();
    it.remove();
    return e;
  }
}
