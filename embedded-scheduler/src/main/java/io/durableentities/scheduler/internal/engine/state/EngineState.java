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
  private long nextMessageId = 1;
  private long nextInboxId = 1;
  private long nextActivityId = 1;
  private boolean dedupLoaded;
  private boolean storeMayHoldMore;

  /** Instances changed in the current group, checked against the waiting calls after it. */
  private final Set<OrchestrationRuntime> changed = new LinkedHashSet<>();

  /** Instances that finished in the current group: their history leaves memory after it. */
  private final List<OrchestrationRuntime> finished = new ArrayList<>();

  /**
   * An empty state guarded by {@code lock}.
   *
   * @param maxWorkItemBytes the largest work item a worker is sent ({@code maxMessageBytes})
   */
  public EngineState(WriterLock lock, int maxWorkItemBytes) {
    this.lock = lock;
    this.maxWorkItemBytes = maxWorkItemBytes;
    this.seenRequestIds = new SeenRequestIds(lock);
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
      h = new HubState(name, lock, maxWorkItemBytes);
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
    finished.add(o);
  }

  /**
   * After a commit: the instances that finished in the group have their history in the store now,
   * so memory forgets it. Never earlier, so a reader cannot find an instance without a history that
   * is not yet durable.
   */
  public void dropFinishedHistories() {
    lock.beforeChange();
    for (OrchestrationRuntime o : finished) {
      if (!o.isActive()) {
        o.dropHistory();
      }
    }
    finished.clear();
  }
}
