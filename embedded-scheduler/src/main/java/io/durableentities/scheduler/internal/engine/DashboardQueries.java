package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.scheduler.internal.store.EntityRow;
import io.durableentities.scheduler.internal.store.MessageRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reads behind the web dashboard, answered from memory under the engine lock like the query
 * RPCs: task hubs, orchestrations filtered by name as well, one entity with its lock and queue, and
 * the lock table of a hub.
 */
public final class DashboardQueries {

  /** The most queued messages listed for one entity. */
  public static final int MAX_QUEUE_LISTED = 200;

  /** The most waiting requests listed in a lock table. */
  public static final int MAX_WAITING_LISTED = 500;

  /**
   * Which orchestrations to list.
   *
   * @param statuses the statuses to keep, empty for all
   * @param nameContains a case-insensitive part of the orchestration name, empty for all
   * @param idPrefix the instance-id prefix, empty for all
   * @param createdFromMillis the earliest creation time (epoch millis, inclusive)
   * @param createdToMillis the latest creation time (epoch millis, inclusive)
   * @param pageSize the most instances in one page
   * @param after the last instance id of the previous page, or null for the first page
   */
  public record InstanceFilter(
      Set<OrchestrationStatus> statuses,
      String nameContains,
      String idPrefix,
      long createdFromMillis,
      long createdToMillis,
      int pageSize,
      String after) {}

  private final Engine engine;

  /** Reads from this engine. */
  public DashboardQueries(Engine engine) {
    this.engine = engine;
  }

  /** The task hubs known to the scheduler, sorted. */
  public List<String> hubs() {
    engine.lock.lock();
    try {
      return List.copyOf(new TreeSet<>(engine.hubs.keySet()));
    } finally {
      engine.lock.unlock();
    }
  }

  /**
   * One page of orchestration instances in id order (without inputs and outputs); the continuation
   * token is the last id of the page when more may follow.
   */
  public QueryInstancesResponse instances(String hub, InstanceFilter f) {
    String name = f.nameContains().toLowerCase(Locale.ROOT);
    QueryInstancesResponse.Builder page = QueryInstancesResponse.newBuilder();
    engine.lock.lock();
    try {
      HubState h = engine.hubs.get(hub);
      if (h == null) {
        return page.build();
      }
      var candidates =
          f.after() == null || f.after().compareTo(f.idPrefix()) < 0
              ? h.instances.tailMap(f.idPrefix(), true).values()
              : h.instances.tailMap(f.after(), false).values();
      for (OrchestrationRuntime o : candidates) {
        if (!o.instanceId.startsWith(f.idPrefix())) {
          break;
        }
        boolean kept =
            (f.statuses().isEmpty() || f.statuses().contains(o.status))
                && (name.isEmpty() || o.name.toLowerCase(Locale.ROOT).contains(name))
                && o.createdAt >= f.createdFromMillis()
                && o.createdAt <= f.createdToMillis();
        if (!kept) {
          continue;
        }
        if (page.getOrchestrationStateCount() == f.pageSize()) {
          String last = page.getOrchestrationState(f.pageSize() - 1).getInstanceId();
          return page.setContinuationToken(Protos.string(last)).build();
        }
        page.addOrchestrationState(OrchestrationQueries.state(o, false));
      }
      return page.build();
    } finally {
      engine.lock.unlock();
    }
  }

  /** How many instances of a hub have each status. */
  public Map<OrchestrationStatus, Integer> statusCounts(String hub) {
    Map<OrchestrationStatus, Integer> counts = new EnumMap<>(OrchestrationStatus.class);
    engine.lock.lock();
    try {
      HubState h = engine.hubs.get(hub);
      if (h != null) {
        for (OrchestrationRuntime o : h.instances.values()) {
          counts.merge(o.status, 1, Integer::sum);
        }
      }
      return counts;
    } finally {
      engine.lock.unlock();
    }
  }

  /** One entity (transient ones too) with its state, lock and queue; null when unknown. */
  public EntityDetail entity(String hub, String entityId) {
    String id = EntityIds.normalize(entityId);
    engine.lock.lock();
    try {
      HubState h = engine.hubs.get(hub);
      EntityRuntime e = h == null ? null : h.entities.get(id);
      if (e == null) {
        if (!engine.stored.mayLack()) {
          return null;
        }
      } else {
        return detail(h, e);
      }
    } finally {
      engine.lock.unlock();
    }
    // Not in memory: its committed row, if any (nothing queued, no lock).
    EntityRow row = engine.stored.read("the dashboard", hub, id);
    return row == null
        ? null
        : new EntityDetail(EntityQueries.metadata(row, true), null, List.of(), 0);
  }

  private EntityDetail detail(HubState h, EntityRuntime e) {
    List<QueuedRequest> queue = new ArrayList<>();
    for (QueuedMessage m : e.queue) {
      if (queue.size() == MAX_QUEUE_LISTED) {
        break;
      }
      queue.add(request(e, m));
    }
    return new EntityDetail(EntityQueries.metadata(e, true), heldLock(h, e), queue, e.queue.size());
  }

  /** The held locks of a hub and the requests waiting for locks. */
  public LockTable locks(String hub) {
    List<HeldLock> held = new ArrayList<>();
    List<QueuedRequest> waiting = new ArrayList<>();
    engine.lock.lock();
    try {
      HubState h = engine.hubs.get(hub);
      if (h == null) {
        return new LockTable(held, waiting);
      }
      for (EntityRuntime e : h.entities.values()) {
        if (e.lockedBy != null) {
          held.add(heldLock(h, e));
        }
        for (QueuedMessage m : e.queue) {
          if (waiting.size() < MAX_WAITING_LISTED
              && (m.kind == MessageRow.KIND_LOCK || !e.admits(m))) {
            waiting.add(request(e, m));
          }
        }
      }
      return new LockTable(held, waiting);
    } finally {
      engine.lock.unlock();
    }
  }

  private static QueuedRequest request(EntityRuntime e, QueuedMessage m) {
    String kind =
        switch (m.kind) {
          case MessageRow.KIND_CALL -> "call";
          case MessageRow.KIND_LOCK -> "lock";
          case MessageRow.KIND_UNLOCK -> "unlock";
          default -> "signal";
        };
    String section = null;
    if (m.event.hasEntityLockRequested()) {
      section = m.event.getEntityLockRequested().getCriticalSectionId();
    } else if (m.event.hasEntityUnlockSent()) {
      section = m.event.getEntityUnlockSent().getCriticalSectionId();
    }
    return new QueuedRequest(
        e.instanceId,
        kind,
        m.operationName(),
        m.parentInstanceId,
        section,
        m.enqueuedAt,
        m.dueAt,
        m.attempts,
        e.admits(m) ? null : e.lockedBy);
  }

  /** The lock of an entity, with when its holder asked for it and got it (from its history). */
  private HeldLock heldLock(HubState h, EntityRuntime e) {
    if (e.lockedBy == null) {
      return null;
    }
    String section = e.lockCriticalSection;
    OrchestrationRuntime holder = h.instances.get(e.lockedBy);
    long requestedAt = 0;
    long grantedAt = 0;
    List<String> lockSet = List.of();
    // A finished holder (a lock a store of an older version left behind) has its history only in
    // the store, which is not read under the lock: its request and grant times stay unknown.
    if (holder != null && holder.history != null && section != null) {
      List<HistoryEvent> events = new ArrayList<>(holder.history);
      for (OrchestrationRuntime.InboxEvent pending : holder.inbox) {
        events.add(pending.event);
      }
      for (HistoryEvent event : events) {
        if (event.hasEntityLockRequested()
            && section.equals(event.getEntityLockRequested().getCriticalSectionId())) {
          EntityLockRequestedEvent r = event.getEntityLockRequested();
          requestedAt = Protos.millis(event.getTimestamp());
          lockSet = List.copyOf(r.getLockSetList());
        } else if (event.hasEntityLockGranted()
            && section.equals(event.getEntityLockGranted().getCriticalSectionId())) {
          grantedAt = Protos.millis(event.getTimestamp());
        }
      }
    }
    return new HeldLock(
        e.instanceId,
        e.lockedBy,
        section,
        holder == null ? null : holder.status,
        engine.lockHolders.isRunning(h.name, e.lockedBy),
        requestedAt,
        grantedAt,
        lockSet);
  }
}
