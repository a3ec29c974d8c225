package io.durableentities.scheduler.internal.engine.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One task hub in memory, the aggregate of what the engine knows about it: entities (sorted by id)
 * with their queues and locks, orchestration instances, scheduled activities, timers, leases, and
 * the indexes the dispatcher reads (ready entities by entity name, ready instances, ready
 * activities); its leases are in {@link HubLeases}. It keeps those indexes right itself ({@link
 * #refresh(EntityRuntime, long)}, {@link #refresh(OrchestrationRuntime, long)}); every mutator
 * checks the {@link WriterLock}.
 */
public final class HubState {

  private record EntityTimer(long dueAt, EntityRuntime entity) {}

  private record InstanceTimer(long dueAt, OrchestrationRuntime instance) {}

  private final String name;
  private final WriterLock lock;
  private final int maxWorkItemBytes;
  private final IdleEntities idle;
  private final QueueLoad queueLoad;
  private boolean persisted;

  private final TreeMap<String, EntityRuntime> entities = new TreeMap<>();
  private final NavigableMap<String, EntityRuntime> entitiesView =
      Collections.unmodifiableNavigableMap(entities);

  /** Entities with a deliverable operation and no batch in flight, by entity name, oldest first. */
  private final Map<String, LinkedHashSet<EntityRuntime>> readyByName = new LinkedHashMap<>();

  /** Entities whose queue head may be a lock or unlock message. */
  private final Set<EntityRuntime> lockCandidates = new LinkedHashSet<>();

  /** Entities whose next operation is too large to deliver with their state. */
  private final Set<EntityRuntime> oversized = new LinkedHashSet<>();

  private final PriorityQueue<EntityTimer> entityTimers =
      new PriorityQueue<>(Comparator.comparingLong(EntityTimer::dueAt));

  private final TreeMap<String, OrchestrationRuntime> instances = new TreeMap<>();
  private final NavigableMap<String, OrchestrationRuntime> instancesView =
      Collections.unmodifiableNavigableMap(instances);
  private final LinkedHashSet<OrchestrationRuntime> readyOrchestrations = new LinkedHashSet<>();
  private final PriorityQueue<InstanceTimer> instanceTimers =
      new PriorityQueue<>(Comparator.comparingLong(InstanceTimer::dueAt));

  private final HubActivities activities;

  private final HubLeases leases;
  private final DroppedOperations dropped;
  private final List<WorkStream> streams = new ArrayList<>();
  private final List<WorkStream> streamsView = Collections.unmodifiableList(streams);

  HubState(
      String name, WriterLock lock, int maxWorkItemBytes, IdleEntities idle, QueueLoad queueLoad) {
    this.name = name;
    this.lock = lock;
    this.maxWorkItemBytes = maxWorkItemBytes;
    this.idle = idle;
    this.queueLoad = queueLoad;
    this.leases = new HubLeases(lock);
    this.activities = new HubActivities(lock);
    this.dropped = new DroppedOperations(lock);
  }

  /** The hub's name. */
  public String name() {
    return name;
  }

  WriterLock lock() {
    return lock;
  }

  /** The stored messages memory lacks (shared by every hub of the state). */
  public QueueLoad queueLoad() {
    return queueLoad;
  }

  /** The work items of this hub leased to streams. */
  public HubLeases leases() {
    return leases;
  }

  /** The operations this hub dropped without running them. */
  public DroppedOperations dropped() {
    return dropped;
  }

  /** Whether the hub has a row in {@code task_hubs}. */
  public boolean isPersisted() {
    return persisted;
  }

  /** Records that the hub has its row. */
  public void markPersisted() {
    lock.beforeChange();
    persisted = true;
  }

  // ---------------------------------------------------------------------------------------
  // Entities
  // ---------------------------------------------------------------------------------------

  /** An entity in memory, or null. */
  public EntityRuntime entity(String instanceId) {
    return entities.get(instanceId);
  }

  /** The entities in memory by id (a read-only view). */
  public NavigableMap<String, EntityRuntime> entities() {
    return entitiesView;
  }

  /** Adds a new entity (one the store does not hold either). */
  public void addEntity(EntityRuntime e) {
    lock.beforeChange();
    entities.put(e.instanceId(), e);
    queueLoad.becameResident(e);
  }

  /**
   * Puts an entity read from the store into memory. Not a change of what is stored, so it is not
   * counted as one (a piece of work that failed after only reading fails alone).
   */
  public void cacheEntity(EntityRuntime e) {
    lock.checkHeld();
    entities.put(e.instanceId(), e);
    queueLoad.becameResident(e);
    idle.used(e);
  }

  /** Loads the entities of the hub, given in ascending id order, into an empty hub. */
  public void loadSortedEntities(List<Map.Entry<String, EntityRuntime>> sorted) {
    lock.beforeChange();
    if (entities.isEmpty()) {
      entities.putAll(new SortedEntries<>(sorted));
    } else {
      sorted.forEach(r -> entities.put(r.getKey(), r.getValue()));
    }
  }

  /** Forgets an entity that has nothing left (implicit deletion); false when it has something. */
  public boolean forgetIfEmpty(EntityRuntime e) {
    if (!e.isEmpty()) {
      return false;
    }
    lock.beforeChange();
    entities.remove(e.instanceId(), e);
    unmarkReady(e);
    idle.remove(e);
    return true;
  }

  /**
   * Lets an idle entity leave memory (its committed row holds all of it; the next message or read
   * finds it there); false, and nothing changes, when it is not idle or not the one memory holds.
   */
  boolean evict(EntityRuntime e) {
    if (!e.isIdle() || !holds(e)) {
      return false;
    }
    lock.beforeChange();
    entities.remove(e.instanceId());
    unmarkReady(e);
    lockCandidates.remove(e);
    oversized.remove(e);
    return true;
  }

  /** Whether {@code e} is the entity memory holds for its id (not a forgotten one). */
  public boolean holds(EntityRuntime e) {
    return entities.get(e.instanceId()) == e;
  }

  /**
   * Recomputes whether an entity is ready (deliverable work, nothing in flight, no back-off), and
   * whether its queue head is for the scheduler to process: a lock message, or an operation too
   * large to deliver with the entity's state in a work item of {@code maxMessageBytes}.
   */
  public void refresh(EntityRuntime e, long now) {
    lock.beforeChange();
    boolean held = holds(e);
    if (held) {
      idle.used(e);
    }
    if (e.lease() == null && held && now >= e.redeliverAt() && e.hasDeliverable(now)) {
      if (WorkItemSizes.fitsAlone(e, e.head(now), maxWorkItemBytes)) {
        readyByName.computeIfAbsent(e.name(), n -> new LinkedHashSet<>()).add(e);
      } else {
        unmarkReady(e);
        oversized.add(e);
      }
    } else {
      unmarkReady(e);
      if (e.lease() == null && held) {
        QueuedMessage head = e.head(now);
        if (head != null && head.isControl()) {
          lockCandidates.add(e);
        }
      }
    }
  }

  /** Puts an entity back among the ready ones (its work item could not be sent). */
  public void markReady(EntityRuntime e) {
    lock.beforeChange();
    readyByName.computeIfAbsent(e.name(), n -> new LinkedHashSet<>()).add(e);
  }

  private void unmarkReady(EntityRuntime e) {
    LinkedHashSet<EntityRuntime> set = readyByName.get(e.name());
    if (set != null && set.remove(e) && set.isEmpty()) {
      readyByName.remove(e.name());
    }
  }

  /** The names of entities that have ready work, in the order they became ready. */
  public List<String> readyEntityNames() {
    return readyByName.isEmpty() ? List.of() : List.copyOf(readyByName.keySet());
  }

  /** Up to {@code max} ready entities of a name, oldest first (diagnostics). */
  public List<EntityRuntime> readyEntities(String entityName, int max) {
    LinkedHashSet<EntityRuntime> set = readyByName.get(entityName);
    return set == null ? List.of() : set.stream().limit(max).toList();
  }

  /** Takes the oldest ready entity of a name off the ready index; null when none. */
  public EntityRuntime pollReady(String entityName) {
    LinkedHashSet<EntityRuntime> set = readyByName.get(entityName);
    if (set == null) {
      return null;
    }
    lock.beforeChange();
    Iterator<EntityRuntime> it = set.iterator();
    EntityRuntime e = it.next();
    it.remove();
    if (set.isEmpty()) {
      readyByName.remove(entityName);
    }
    return e;
  }

  /** Takes the entities whose queue head may be a lock message (empty when none). */
  public List<EntityRuntime> takeLockCandidates() {
    if (lockCandidates.isEmpty()) {
      return List.of();
    }
    lock.beforeChange();
    List<EntityRuntime> out = List.copyOf(lockCandidates);
    lockCandidates.clear();
    return out;
  }

  /** Takes the entities whose next operation may be too large to deliver (empty when none). */
  public List<EntityRuntime> takeOversized() {
    if (oversized.isEmpty()) {
      return List.of();
    }
    lock.beforeChange();
    List<EntityRuntime> out = List.copyOf(oversized);
    oversized.clear();
    return out;
  }

  /** The largest work item a worker is sent ({@code maxMessageBytes}). */
  public int maxWorkItemBytes() {
    return maxWorkItemBytes;
  }

  /** Looks at an entity again at {@code dueAt} (a scheduled message, the end of a back-off). */
  public void addTimer(long dueAt, EntityRuntime e) {
    lock.beforeChange();
    entityTimers.add(new EntityTimer(dueAt, e));
  }

  /** The next entity whose timer is due at {@code now}, taken off the timers; null when none. */
  public EntityRuntime pollDueEntity(long now) {
    if (entityTimers.isEmpty() || entityTimers.peek().dueAt() > now) {
      return null;
    }
    lock.beforeChange();
    return entityTimers.poll().entity();
  }

  // ---------------------------------------------------------------------------------------
  // Orchestration instances
  // ---------------------------------------------------------------------------------------

  /**
   * An instance in memory, or null. Memory holds every active instance (pending, running,
   * suspended); a finished one only until the commit that finished it (or during a group that read
   * it from the store): absent means finished or unknown.
   */
  public OrchestrationRuntime instance(String instanceId) {
    return instances.get(instanceId);
  }

  /** The instances in memory by id (a read-only view; see {@link #instance}). */
  public NavigableMap<String, OrchestrationRuntime> instances() {
    return instancesView;
  }

  /** Adds (or replaces) an instance. */
  public void putInstance(OrchestrationRuntime o) {
    lock.beforeChange();
    instances.put(o.instanceId(), o);
  }

  /**
   * Puts a finished instance read from the store into memory for the current group. Not a change of
   * what is stored, so it is not counted as one.
   */
  void cacheInstance(OrchestrationRuntime o) {
    lock.checkHeld();
    instances.put(o.instanceId(), o);
  }

  /** Lets a finished instance leave memory (its committed row holds it); no-op when replaced. */
  void evictInstance(OrchestrationRuntime o) {
    lock.beforeChange();
    if (instances.remove(o.instanceId(), o)) {
      readyOrchestrations.remove(o);
    }
  }

  /** Removes an instance from memory (purge, replacement). */
  public void removeInstance(OrchestrationRuntime o) {
    lock.beforeChange();
    instances.remove(o.instanceId(), o);
    readyOrchestrations.remove(o);
  }

  /** Whether {@code o} is the instance memory holds for its id. */
  public boolean holds(OrchestrationRuntime o) {
    return instances.get(o.instanceId()) == o;
  }

  /** Recomputes whether an instance has work to dispatch. */
  public void refresh(OrchestrationRuntime o, long now) {
    lock.beforeChange();
    if (o.lease() == null && holds(o) && !o.deliverableEvents(now).isEmpty()) {
      readyOrchestrations.add(o);
    } else {
      readyOrchestrations.remove(o);
    }
  }

  /**
   * Offers the ready instances in order while {@code room} holds; those {@code take} accepts leave
   * the ready set.
   */
  public void offerReadyOrchestrations(BooleanSupplier room, Predicate<OrchestrationRuntime> take) {
    if (readyOrchestrations.isEmpty()) {
      return;
    }
    lock.beforeChange();
    List<OrchestrationRuntime> taken = new ArrayList<>();
    for (OrchestrationRuntime o : readyOrchestrations) {
      if (!room.getAsBoolean()) {
        break;
      }
      if (take.test(o)) {
        taken.add(o);
      }
    }
    taken.forEach(readyOrchestrations::remove);
  }

  /** The ready instances, oldest first (a read-only view, for diagnostics). */
  public Collection<OrchestrationRuntime> readyOrchestrations() {
    return Collections.unmodifiableCollection(readyOrchestrations);
  }

  /** Makes an instance ready again (its work item could not be sent). */
  public void markReady(OrchestrationRuntime o) {
    lock.beforeChange();
    readyOrchestrations.add(o);
  }

  /** Looks at an instance again at {@code dueAt} (a durable timer, a scheduled start). */
  public void addTimer(long dueAt, OrchestrationRuntime o) {
    lock.beforeChange();
    instanceTimers.add(new InstanceTimer(dueAt, o));
  }

  /** The next instance whose timer is due, taken off the timers; null when none. */
  public OrchestrationRuntime pollDueInstance(long now) {
    if (instanceTimers.isEmpty() || instanceTimers.peek().dueAt() > now) {
      return null;
    }
    lock.beforeChange();
    return instanceTimers.poll().instance();
  }

  // ---------------------------------------------------------------------------------------
  // Activities
  // ---------------------------------------------------------------------------------------

  /** The scheduled activity tasks, by id and ready for dispatch. */
  public HubActivities activities() {
    return activities;
  }

  /** Adds a scheduled activity task (ready for dispatch) to the hub and its instance. */
  public void addActivity(ActivityTask a) {
    activities.add(a);
    OrchestrationRuntime o = instances.get(a.instanceId());
    if (o != null) {
      o.addActivity(a);
    }
  }

  /** Removes an activity task (completed, or its execution ended). */
  public void removeActivity(ActivityTask a) {
    activities.remove(a);
    OrchestrationRuntime o = instances.get(a.instanceId());
    if (o != null) {
      o.removeActivity(a);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Quiescence (read by the writer, for a virtual clock: what could still run, what is due next)
  // ---------------------------------------------------------------------------------------

  /**
   * What could run now without the clock moving: ready entity batches, orchestrator and activity
   * work items (whether or not a stream takes them), and queue heads that may be lock messages,
   * described for messages ({@code entity @counter@a}, ...); empty when there is none.
   */
  public List<String> runnableWork() {
    lock.checkHeld();
    List<String> out = new ArrayList<>();
    readyByName.values().forEach(set -> set.forEach(e -> out.add("entity " + e.instanceId())));
    readyOrchestrations.forEach(
        o -> out.add("orchestration '" + o.name() + "' (instance " + o.instanceId() + ")"));
    activities
        .ready()
        .forEach(
            a ->
                out.add(
                    "activity '" + a.request().getName() + "' (instance " + a.instanceId() + ")"));
    lockCandidates.forEach(e -> out.add("lock message at entity " + e.instanceId()));
    return out;
  }

  /**
   * When the earliest timer of the hub is due (a scheduled signal, the end of a back-off, a durable
   * timer, a scheduled start), in epoch milliseconds; {@link Long#MAX_VALUE} when there is none. A
   * timer whose entity or instance moved on meanwhile still counts until the maintenance drops it.
   */
  public long nextTimerAt() {
    lock.checkHeld();
    long next = Long.MAX_VALUE;
    if (!entityTimers.isEmpty()) {
      next = entityTimers.peek().dueAt();
    }
    if (!instanceTimers.isEmpty()) {
      next = Math.min(next, instanceTimers.peek().dueAt());
    }
    return next;
  }

  // ---------------------------------------------------------------------------------------
  // Streams
  // ---------------------------------------------------------------------------------------

  /** The work-item streams of the hub (a read-only view). */
  public List<WorkStream> streams() {
    return streamsView;
  }

  /** Attaches a stream (it takes this hub's work from now on). */
  public void addStream(WorkStream s) {
    lock.beforeChange();
    streams.add(s);
  }

  /** Detaches a stream. */
  public void removeStream(WorkStream s) {
    lock.beforeChange();
    streams.remove(s);
  }
}
