package io.durableentities.scheduler.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One entity in memory: its state, lock, queue and in-flight batch. Mutated only by the writer
 * thread while it holds the engine lock.
 */
final class EntityRuntime {
  final HubState hub;
  final String instanceId;
  final String name;

  /**
   * Opaque to workers; stable while the scheduler runs. Random but not from {@code SecureRandom}:
   * start-up builds one per stored entity, and it is no secret.
   */
  final String executionId =
      new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong())
          .toString();

  String state;
  String lockedBy;
  String lockCriticalSection;
  long lastModified;

  /** Queued operations in append order, including the in-flight ones. */
  final List<QueuedMessage> queue = new ArrayList<>();

  Lease lease;

  /** Not dispatched before this time (a back-off after an abandon); 0 when none. */
  long redeliverAt;

  /** Abandons since the last completed batch, for the back-off. */
  int abandons;

  EntityRuntime(HubState hub, String instanceId, long lastModified) {
    this.hub = hub;
    this.instanceId = instanceId;
    this.name = EntityIds.nameOf(instanceId);
    this.lastModified = lastModified;
  }

  /** Removes messages from the queue in one pass (the queue may be long). */
  void removeAll(Collection<QueuedMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    for (QueuedMessage m : messages) {
      m.removed = true;
    }
    queue.removeIf(m -> m.removed);
  }

  /** Whether nothing keeps this entity: no state, no lock, no queue, no lease. */
  boolean isEmpty() {
    return state == null && lockedBy == null && queue.isEmpty() && lease == null;
  }

  /** Whether a message may run now under the entity's lock (only the holder's, when locked). */
  boolean admits(QueuedMessage m) {
    return lockedBy == null || lockedBy.equals(m.parentInstanceId);
  }

  /** Whether some queued operation is due and admitted (before any lock or unlock message). */
  boolean hasDeliverable(long now) {
    QueuedMessage head = head(now);
    return head != null && !head.isControl();
  }

  /** The first due, admitted message, or null. */
  QueuedMessage head(long now) {
    for (QueuedMessage m : queue) {
      if (m.dueAt <= now && admits(m)) {
        return m;
      }
    }
    return null;
  }

  /**
   * The next batch: due, admitted operations in queue order, up to {@code maxOps} and about {@code
   * maxBytes}. An operation that already failed a delivery travels alone, so that one poison
   * operation cannot take its neighbours down with it.
   */
  List<QueuedMessage> nextBatch(long now, int maxOps, long maxBytes) {
    List<QueuedMessage> batch = new ArrayList<>();
    long bytes = state == null ? 0 : state.length();
    for (QueuedMessage m : queue) {
      if (m.dueAt > now || !admits(m)) {
        continue;
      }
      if (m.isControl()) {
        break;
      }
      if (m.attempts > 0) {
        if (batch.isEmpty()) {
          batch.add(m);
        }
        break;
      }
      if (!batch.isEmpty() && bytes + m.sizeBytes > maxBytes) {
        break;
      }
      batch.add(m);
      bytes += m.sizeBytes;
      if (batch.size() >= maxOps) {
        break;
      }
    }
    return batch;
  }

  /** The earliest due time of a queued, admitted message in the future, or Long.MAX_VALUE. */
  long nextDueAfter(long now) {
    long next = Long.MAX_VALUE;
    for (QueuedMessage m : queue) {
      if (m.dueAt > now && admits(m)) {
        next = Math.min(next, m.dueAt);
      }
    }
    return next;
  }
}
