package io.durableentities.scheduler.internal.engine.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the engine holds in memory about the store: the task hubs ({@link HubState}, each the
 * aggregate of its entities, queues, locks, instances, timers and leases), the row ids handed out
 * next, the request ids of the dedup window and the executed messages waiting for deletion.
 *
 * <p>One object per load: after a failed write the engine drops it and loads a new one from the
 * store, so nothing needs to be cleared by hand. It is changed only under the {@link WriterLock}
 * (every mutator checks); the work-item streams and the waiting calls are not part of it (they are
 * connections, not stored data) and are attached again to each new state.
 */
public final class EngineState {

  private final WriterLock lock;
  private final int maxWorkItemBytes;
  private final Map<String, HubState> hubs = new HashMap<>();
  private final Collection<HubState> hubsView = Collections.unmodifiableCollection(hubs.values());
  private final SeenRequestIds seenRequestIds;
  private final ConsumedMessages consumed;
  private final UnhostedNames unhosted;
  private final IdleEntities idle;
  private final QueueLoad queueLoad;
  private long nextMessageId = 1;
  private long nextInboxId = 1;
  private long nextActivityId = 1;
  private boolean dedupLoaded;
  private boolean storeMayHoldMore;

  /** Instances changed in the current group, checked against the waiting calls after it. */
  private final Set<OrchestrationRuntime> changed = new LinkedHashSet<>();

  /**
   * Instances that finished in the current group, or were read from the store for it: they leave
   * memory after its commit (memory holds the active instances only).
   */
  private final List<OrchestrationRuntime> leaving = new ArrayList<>();

  /**
   * An empty state guarded by {@code lock}, keeping every entity in memory.
   *
   * @param maxWorkItemBytes the largest work item a worker is sent ({@code maxMessageBytes})
   */
  public EngineState(WriterLock lock, int maxWorkItemBytes) {
    this(lock, maxWorkItemBytes, false, 3_600_000, Integer.MAX_VALUE);
  }

  /**
   * An empty state guarded by {@code lock}.
   *
   * @param maxWorkItemBytes the largest work item a worker is sent ({@code maxMessageBytes})
   * @param evictsEntities whether idle entities may leave memory ({@link #evictIdleEntities}): only
   *     when the store keeps them (a file store)
   * @param dedupWindowMillis how long signal request ids are remembered
   * @param maxLive how many entities may be live before messages for others stay on disk ({@link
   *     QueueLoad}; only when idle ones may leave memory)
   */
  public EngineState(
      WriterLock lock,
      int maxWorkItemBytes,
      boolean evictsEntities,
      long dedupWindowMillis,
      int maxLive) {
    this.lock = lock;
    this.maxWorkItemBytes = maxWorkItemBytes;
    this.idle = new IdleEntities(lock, evictsEntities);
    this.queueLoad = new QueueLoad(lock, maxLive);
    this.seenRequestIds = new SeenRequestIds(lock, dedupWindowMillis);
    this.consumed = new ConsumedMessages(lock);
    this.unhosted = new UnhostedNames(lock);
  }

  /** The lock that guards this state. */
  public WriterLock lock() {
    return lock;
  }

  /** A hub, or null when memory has none of that name. */
  public HubState hub(String name) {
    return hubs.get(name);
  }

  /** Every hub in memory (a read-only view). */
  public Collection<HubState> hubs() {
    return hubsView;
  }

  /** A hub, created in memory (not yet stored) when missing. */
  public HubState hubOrCreate(String name) {
    HubState h = hubs.get(name);
    if (h == null) {
      lock.beforeChange();
      h = new HubState(name, lock, maxWorkItemBytes, idle, queueLoad);
      hubs.put(name, h);
    }
    return h;
  }

  /** A new message row id. */
  public long newMessageId() {
    lock.beforeChange();
    return nextMessageId++;
  }

  /** Makes new message ids follow {@code id} (a row read from the store). */
  public void messageIdsAfter(long id) {
    lock.beforeChange();
    nextMessageId = Math.max(nextMessageId, id + 1);
  }

  /** A new orchestration inbox row id. */
  public long newInboxId() {
    lock.beforeChange();
    return nextInboxId++;
  }

  /** Makes new inbox ids follow {@code id}. */
  public void inboxIdsAfter(long id) {
    lock.beforeChange();
    nextInboxId = Math.max(nextInboxId, id + 1);
  }

  /** A new activity row id. */
  public long newActivityId() {
    lock.beforeChange();
    return nextActivityId++;
  }

  /** Makes new activity ids follow {@code id}. */
  public void activityIdsAfter(long id) {
    lock.beforeChange();
    nextActivityId = Math.max(nextActivityId, id + 1);
  }

  /** The stored queued messages memory lacks, and how far the writer has read them. */
  public QueueLoad queueLoad() {
    return queueLoad;
  }

  /** The request ids of the dedup window. */
  public SeenRequestIds seenRequestIds() {
    return seenRequestIds;
  }

  /** Whether the request ids of the dedup window were read from the store. */
  public boolean dedupLoaded() {
    return dedupLoaded;
  }

  /** Records that the request ids of the dedup window were read. */
  public void markDedupLoaded() {
    lock.beforeChange();
    dedupLoaded = true;
  }

  /** Executed messages whose rows wait for deletion. */
  public ConsumedMessages consumed() {
    return consumed;
  }

  /** The names work waits for while no connected worker hosts them, for the warnings. */
  public UnhostedNames unhosted() {
    return unhosted;
  }

  /**
   * Whether the store may hold entity rows memory lacks (a file store that had entity rows when
   * this state was loaded; memory then holds only the entities with a queue or a lock).
   */
  public boolean storeMayHoldMore() {
    return storeMayHoldMore;
  }

  /** Sets {@link #storeMayHoldMore()} (at load). */
  public void storeMayHoldMore(boolean value) {
    lock.beforeChange();
    storeMayHoldMore = value;
  }

  /** How many entities memory holds, over all hubs. */
  public int residentEntities() {
    int n = 0;
    for (HubState h : hubs.values()) {
      n += h.entities().size();
    }
    return n;
  }

  /**
   * How many resident entities are live (a queue, a lock or a batch in flight): the ones that stay
   * in memory, which {@link QueueLoad#maxLive()} bounds.
   */
  public int liveEntities() {
    return residentEntities() - idle.size();
  }

  /**
   * Whether room for one more live entity is there: true while fewer than {@link
   * QueueLoad#maxLive()} are live (always with an in-memory store, whose entities never leave).
   */
  public boolean roomForLiveEntity() {
    return !idle.enabled() || liveEntities() < queueLoad.maxLive();
  }

  /**
   * Whether the pager may read one more entity although {@link #roomForLiveEntity()} says no: while
   * the live entities beyond the bound are fewer than the entity work items the connected streams
   * could take now. The live ones may all wait (for a worker hosting their name, for a time, for a
   * lock whose holder waits for a message on disk) while workers sit idle; reading on then keeps
   * the workers busy and no backlog waits for room that cannot free, and memory stays within the
   * bound plus the work the workers can take.
   */
  public boolean mayReadBeyondBound() {
    lock.checkHeld();
    int spare = 0;
    for (HubState h : hubs.values()) {
      for (WorkStream w : h.streams()) {
        spare += w.entityRoom();
      }
    }
    return liveEntities() - queueLoad.maxLive() < spare;
  }

  /** How many orchestration instances memory holds, over all hubs (the active ones). */
  public int residentInstances() {
    int n = 0;
    for (HubState h : hubs.values()) {
      n += h.instances().size();
    }
    return n;
  }

  /**
   * After a commit: lets the least recently used idle entities leave memory until at most {@code
   * maxResident} entities remain (or no idle one is left: entities with a queue, a lock or a batch
   * in flight always stay). Never before the commit, so that an entity memory lacks always has its
   * committed row as the truth; the store then may hold entities memory lacks ({@link
   * #storeMayHoldMore()}). Returns how many left.
   */
  public int evictIdleEntities(int maxResident) {
    lock.checkHeld();
    int resident = idle.size() == 0 ? 0 : residentEntities();
    int evicted = 0;
    while (resident > maxResident) {
      EntityRuntime e = idle.pollEldest();
      if (e == null) {
        break;
      }
      if (e.hub().evict(e)) {
        resident--;
        evicted++;
      }
    }
    if (evicted > 0) {
      storeMayHoldMore(true);
    }
    return evicted;
  }

  /** Records that an instance changed in the current group. */
  public void instanceChanged(OrchestrationRuntime o) {
    lock.beforeChange();
    changed.add(o);
  }

  /**
   * Whether instances changed in the current group wait to be checked against the waiting calls
   * (after its commit): until then a caller waiting for one of them has not been answered.
   */
  public boolean hasUnnotifiedChanges() {
    lock.checkHeld();
    return !changed.isEmpty();
  }

  /** Hands the instances changed in the group to {@code each} and forgets them. */
  public void drainChanged(Consumer<OrchestrationRuntime> each) {
    lock.beforeChange();
    try {
      changed.forEach(each);
    } finally {
      changed.clear();
    }
  }

  /** Records that an instance finished in the current group. */
  public void instanceFinished(OrchestrationRuntime o) {
    lock.beforeChange();
    leaving.add(o);
  }

  /**
   * Puts a finished instance read from the store into memory for the current group (it leaves again
   * after the commit). Not a change of what is stored, so not counted as one.
   */
  public void cacheFinishedInstance(OrchestrationRuntime o) {
    lock.checkHeld();
    o.hub().cacheInstance(o);
    leaving.add(o);
  }

  /**
   * After a commit: the instances that finished in the group (or were read for it) leave memory,
   * their rows and history being durable in the store, which the read paths then read. Never
   * earlier, so that an instance memory lacks always has its committed row as the truth. An
   * instance that runs again meanwhile (restarted, rewound) stays.
   */
  public void evictFinishedInstances() {
    if (leaving.isEmpty()) {
      return;
    }
    lock.beforeChange();
    for (OrchestrationRuntime o : leaving) {
      if (!o.isActive()) {
        o.hub().evictInstance(o);
      }
    }
    leaving.clear();
  }
}
