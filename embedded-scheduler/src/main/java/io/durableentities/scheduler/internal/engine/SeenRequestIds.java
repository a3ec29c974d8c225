package io.durableentities.scheduler.internal.engine;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The signal request ids seen within the dedup window, in memory, mirroring the store's append-only
 * {@code dedup_log}: a set for the duplicate check and the entries in the order they were seen
 * (ascending row ids), so that pruning forgets a prefix and deletes one row-id range.
 *
 * <p>Memory: about 200 bytes per request id kept (the key string, a set entry and a queue entry),
 * i.e. about 70 MB for a sustained 100 signals/s over the default one-hour window.
 */
final class SeenRequestIds {

  private record Entry(long id, long seenAt, String key) {}

  private final Set<String> keys = new HashSet<>();
  private final ArrayDeque<Entry> inOrder = new ArrayDeque<>();
  private long nextId = 1;

  private static String key(String hub, String instanceId, String requestId) {
    return hub + '\n' + instanceId + '\n' + requestId;
  }

  /**
   * Records a request id; returns its new row id, or 0 when it was already seen (a duplicate). The
   * caller stores the row in the same transaction.
   */
  long add(String hub, String instanceId, String requestId, long now) {
    String k = key(hub, instanceId, requestId);
    if (!keys.add(k)) {
      return 0;
    }
    long id = nextId++;
    inOrder.addLast(new Entry(id, now, k));
    return id;
  }

  /** A row of the stored log, read in row-id order on start. */
  void loaded(long id, String hub, String instanceId, String requestId, long seenAt) {
    String k = key(hub, instanceId, requestId);
    if (keys.add(k)) {
      inOrder.addLast(new Entry(id, seenAt, k));
    }
    nextId = Math.max(nextId, id + 1);
  }

  /**
   * Forgets the request ids seen before {@code cutoff}, oldest first (stops at the first one seen
   * later, even if the clock went back); returns the highest forgotten row id, or 0 when none.
   */
  long forgetBefore(long cutoff) {
    long through = 0;
    while (!inOrder.isEmpty() && inOrder.peekFirst().seenAt() < cutoff) {
      Entry e = inOrder.pollFirst();
      keys.remove(e.key());
      through = e.id();
    }
    return through;
  }

  /** How many request ids are remembered. */
  int size() {
    return inOrder.size();
  }

  /** Forgets everything (before memory is rebuilt from the store). */
  void clear() {
    keys.clear();
    inOrder.clear();
    nextId = 1;
  }
}
