package io.durableentities.scheduler.internal.engine.state;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which names work waits for while no connected worker hosts them, and when each was last warned
 * about, so that the warning comes once per name per period rather than on every pass. Part of the
 * {@link EngineState}; every mutator checks the {@link WriterLock}.
 */
public final class UnhostedNames {

  /** What a name names. */
  public enum Kind {
    ENTITY("entity name"),
    ORCHESTRATION("orchestration"),
    ACTIVITY("activity");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** How a message names the kind. */
    public String label() {
      return label;
    }
  }

  /** A name of a kind in a task hub. */
  public record Key(String hub, Kind kind, String name) {}

  private final WriterLock lock;

  /** Since when each name has waited unhosted, while it does. */
  private final Map<Key, Long> waitingSince = new HashMap<>();

  /** When each name was last warned about. */
  private final Map<Key, Long> warnedAt = new HashMap<>();

  private long nextCheckAt = Long.MIN_VALUE;

  UnhostedNames(WriterLock lock) {
    this.lock = lock;
  }

  /** Whether a check is due at {@code now}; if so, the next one is {@code interval} later. */
  public boolean checkDue(long now, long interval) {
    if (now < nextCheckAt) {
      return false;
    }
    lock.beforeChange();
    nextCheckAt = now + interval;
    return true;
  }

  /**
   * Records the names found waiting unhosted in this check; forgets the others. Answers which of
   * them to warn about now: those that waited at least {@code grace} and were not warned about in
   * the last {@code period}.
   */
  public Set<Key> update(Set<Key> unhosted, long now, long grace, long period) {
    lock.beforeChange();
    waitingSince.keySet().retainAll(unhosted);
    warnedAt.values().removeIf(at -> now - at >= period);
    Set<Key> warn = new LinkedHashSet<>();
    for (Key k : unhosted) {
      long since = waitingSince.computeIfAbsent(k, x -> now);
      if (now - since >= grace && !warnedAt.containsKey(k)) {
        warnedAt.put(k, now);
        warn.add(k);
      }
    }
    return warn;
  }
}
