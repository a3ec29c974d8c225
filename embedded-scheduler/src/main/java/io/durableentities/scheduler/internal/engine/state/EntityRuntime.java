package io.durableentities.scheduler.internal.engine.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One entity in memory: its state, lock, queue and in-flight batch. Part of its {@link HubState};
 * every mutator checks the {@link WriterLock}.
 */
public final class EntityRuntime {
  private final HubState hub;
  private final String instanceId;
  private final String name;

  /**
   * Opaque to workers; stable while the entity stays in memory. Random but not from {@code
   * SecureRandom}: start-up builds one per stored entity, and it is no secret.
   */
  private final String executionId =
      new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong())
          .toString();

  private String state;
  private String lockedBy;
  private String lockCriticalSection;
  private long lastModified;

  /** Queued operations in append order, including the in-flight ones. */
  private final List<QueuedMessage> queue = new ArrayList<>();

  private final List<QueuedMessage> queueView = Collections.unmodifiableList(queue);
  private Lease lease;

  /** Not dispatched before this time (a back-off after an abandon); 0 when none. */
  private long redeliverAt;

  /** Abandons since the last completed batch, for the back-off. */
  private int abandons;

  /** The backlog generation in which it became resident with stored messages maybe missing. */
  private int incompleteIn;

  /** {@link WorkItemSizes#base} of this entity, or -1 until computed (reset by a new state). */
  private long workItemBase = -1;

  /** An entity with nothing yet (or about to be filled from its stored row). */
  public EntityRuntime(HubState hub, String instanceId, long lastModified) {
    this.hub = hub;
    this.instanceId = instanceId;
    this.name = EntityIds.nameOf(instanceId);
    this.lastModified = lastModified;
  }

  /** An entity as its stored row has it. */
  public static EntityRuntime stored(
      HubState hub,
      String instanceId,
      String state,
      String lockedBy,
      String lockCriticalSection,
      long lastModified) {
    EntityRuntime e = new EntityRuntime(hub, instanceId, lastModified);
    e.state = state;
    e.lockedBy = lockedBy;
    e.lockCriticalSection = lockCriticalSection;
    return e;
  }

  private void beforeChange() {
    hub.lock().beforeChange();
  }

  public HubState hub() {
    return hub;
  }

  public String instanceId() {
    return instanceId;
  }

  /** The lower-case entity name. */
  public String name() {
    return name;
  }

  public String executionId() {
    return executionId;
  }

  /** The serialized state, or null when it has none. */
  public String state() {
    return state;
  }

  /** The orchestration holding the entity's lock, or null. */
  public String lockedBy() {
    return lockedBy;
  }

  public String lockCriticalSection() {
    return lockCriticalSection;
  }

  public long lastModified() {
    return lastModified;
  }

  /** The queue in append order (a read-only view), in-flight operations included. */
  public List<QueuedMessage> queue() {
    return queueView;
  }

  /** The batch in flight, or null. */
  public Lease lease() {
    return lease;
  }

  public long redeliverAt() {
    return redeliverAt;
  }

  public int abandons() {
    return abandons;
  }

  /** Sets the state (null deletes it) at {@code now}. */
  public void setState(String newState, long now) {
    beforeChange();
    this.state = newState;
    this.lastModified = now;
    this.workItemBase = -1;
  }

  /** Fills what a stored row has (start-up reads rows of loaded entities apart). */
  public void fillFromRow(String storedState, long storedLastModified) {
    beforeChange();
    this.state = storedState;
    this.lastModified = storedLastModified;
    this.workItemBase = -1;
  }

  /**
   * The bytes a work item of this entity takes besides its operations: id, execution id and state
   * ({@link WorkItemSizes#base}), computed once per state. Caching it is no change of the entity.
   */
  public long workItemBase() {
    if (workItemBase < 0) {
      workItemBase = WorkItemSizes.base(instanceId, executionId, state);
    }
    return workItemBase;
  }

  /** Records a change that is not of the state (a lock processed) at {@code now}. */
  public void touch(long now) {
    beforeChange();
    this.lastModified = now;
  }

  /** Locks the entity for an orchestration's critical section. */
  public void lock(String holder, String criticalSectionId) {
    beforeChange();
    this.lockedBy = holder;
    this.lockCriticalSection = criticalSectionId;
  }

  /** Releases the lock. */
  public void unlock() {
    beforeChange();
    this.lockedBy = null;
    this.lockCriticalSection = null;
  }

  /** Appends a message to the queue. */
  public void enqueue(QueuedMessage m) {
    beforeChange();
    queue.add(m);
  }

  /**
   * Adds a stored message the pager read ({@link QueueLoad}) in id order (it follows every message
   * memory holds of an incomplete entity, so this appends).
   */
  public void enqueueStored(QueuedMessage m) {
    beforeChange();
    int i = queue.size();
    while (i > 0 && queue.get(i - 1).id() > m.id()) {
      i--;
    }
    queue.add(i, m);
  }

  /** Removes messages from the queue in one pass (the queue may be long). */
  public void removeAll(Collection<QueuedMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    beforeChange();
    for (QueuedMessage m : messages) {
      m.markRemoved();
    }
    queue.removeIf(QueuedMessage::isRemoved);
  }

  /** Counts one failed delivery of a queued message. */
  public void countFailedDelivery(QueuedMessage m) {
    beforeChange();
    m.incrementAttempts();
  }

  /** The backlog generation in which it became resident incomplete ({@link QueueLoad}). */
  int incompleteIn() {
    return incompleteIn;
  }

  void incompleteIn(int generation) {
    hub.lock().checkHeld();
    this.incompleteIn = generation;
  }

  void lease(Lease l) {
    beforeChange();
    this.lease = l;
  }

  void clearLease(Lease l) {
    if (lease == l) {
      beforeChange();
      lease = null;
    }
  }

  /** Holds the entity back until {@code until} after an abandon (counted for the back-off). */
  public void backOff(long until) {
    beforeChange();
    this.abandons++;
    this.redeliverAt = until;
  }

  /** A batch completed: the back-off starts over. */
  public void resetBackOff() {
    beforeChange();
    this.abandons = 0;
    this.redeliverAt = 0;
  }

  /**
   * Whether nothing but its state keeps this entity in memory: no lock, no queue, no lease. Its
   * stored row then holds all of it, so memory may let it go once its changes are committed.
   */
  public boolean isIdle() {
    return lockedBy == null && queue.isEmpty() && lease == null;
  }

  /** Whether nothing keeps this entity: no state, no lock, no queue, no lease. */
  public boolean isEmpty() {
    return state == null && lockedBy == null && queue.isEmpty() && lease == null;
  }

  /** Whether a message may run now under the entity's lock (only the holder's, when locked). */
  public boolean admits(QueuedMessage m) {
    return lockedBy == null || lockedBy.equals(m.parentInstanceId());
  }

  /** Whether some queued operation is due and admitted (before any lock or unlock message). */
  public boolean hasDeliverable(long now) {
    QueuedMessage head = head(now);
    return head != null && !head.isControl();
  }

  /** The first due, admitted message, or null. */
  public QueuedMessage head(long now) {
    for (QueuedMessage m : queue) {
      if (m.dueAt() <= now && admits(m)) {
        return m;
      }
    }
    return null;
  }

  /**
   * The next batch: due, admitted operations in queue order, up to {@code maxOps}, about {@code
   * maxBytes} of state and operations (the first operation goes whatever its size), and a work item
   * of at most {@code maxItemBytes} (which the first operation fits, or the hub would not have made
   * the entity ready: empty then). An operation that already failed a delivery travels alone, so
   * that one poison operation cannot take its neighbours down with it.
   */
  public List<QueuedMessage> nextBatch(long now, int maxOps, long maxBytes, int maxItemBytes) {
    List<QueuedMessage> batch = new ArrayList<>();
    long base = workItemBase();
    long bytes = base;
    long operations = 0;
    for (QueuedMessage m : queue) {
      if (m.dueAt() > now || !admits(m)) {
        continue;
      }
      if (m.isControl()) {
        break;
      }
      long size = WorkItemSizes.operation(m);
      if (WorkItemSizes.item(base, operations + size) > maxItemBytes) {
        break;
      }
      if (m.attempts() > 0) {
        if (batch.isEmpty()) {
          batch.add(m);
        }
        break;
      }
      if (!batch.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      batch.add(m);
      bytes += size;
      operations += size;
      if (batch.size() >= maxOps) {
        break;
      }
    }
    return batch;
  }

  /** The earliest due time of a queued, admitted message in the future, or Long.MAX_VALUE. */
  public long nextDueAfter(long now) {
    long next = Long.MAX_VALUE;
    for (QueuedMessage m : queue) {
      if (m.dueAt() > now && admits(m)) {
        next = Math.min(next, m.dueAt());
      }
    }
    return next;
  }
}
