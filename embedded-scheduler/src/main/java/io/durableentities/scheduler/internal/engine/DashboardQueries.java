package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.scheduler.internal.engine.dispatch.UnhostedWork;
import io.durableentities.scheduler.internal.engine.entity.EntityQueries;
import io.durableentities.scheduler.internal.engine.entity.StorageCleaner;
import io.durableentities.scheduler.internal.engine.entity.StoredEntities;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceReads;
import io.durableentities.scheduler.internal.engine.orchestration.OrchestrationQueries;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.InboxEvent;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueueLoad;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.store.BacklogSpan;
import io.durableentities.scheduler.internal.store.EntityRow;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.InstanceSelection;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.StoreReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reads behind the web dashboard, answered from memory under the writer lock like the query
 * RPCs (orchestrations from the store's committed rows, as the query RPCs read them): task hubs,
 * orchestrations filtered by name as well, one entity with its lock and queue, and the lock table
 * of a hub.
 */
final class DashboardQueries {

  /** The most queued messages listed for one entity. */
  static final int MAX_QUEUE_LISTED = 200;

  /** The most waiting requests listed in a lock table. */
  static final int MAX_WAITING_LISTED = 500;

  /** The fewest stored instance rows read at a time for a page (the name filter may skip many). */
  private static final int INSTANCE_CHUNK = 256;

  private final CurrentState current;
  private final StoredEntities stored;
  private final InstanceReads instances;

  DashboardQueries(CurrentState current, StoredEntities stored, InstanceReads instances) {
    this.current = current;
    this.stored = stored;
    this.instances = instances;
  }

  List<String> hubs() {
    return current.read(
        s -> {
          TreeSet<String> names = new TreeSet<>();
          s.hubs().forEach(h -> names.add(h.name()));
          return List.copyOf(names);
        });
  }

  /**
   * One page of instances from the store's committed rows (memory holds only the active ones), the
   * name filter applied here, reading rows in chunks until the page is full.
   */
  QueryInstancesResponse instances(String hub, InstanceFilter f) {
    String name = f.nameContains().toLowerCase(Locale.ROOT);
    Set<Integer> statuses = new HashSet<>();
    f.statuses().forEach(st -> statuses.add(st.getNumber()));
    boolean fromAfter = f.after() != null && f.after().compareTo(f.idPrefix()) >= 0;
    InstanceSelection q =
        new InstanceSelection(
            hub,
            fromAfter ? f.after() : f.idPrefix(),
            !fromAfter,
            statuses,
            false,
            f.createdFromMillis(),
            f.createdToMillis(),
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            Math.max(f.pageSize() + 1, INSTANCE_CHUNK));
    QueryInstancesResponse.Builder page = QueryInstancesResponse.newBuilder();
    while (true) {
      InstanceSelection chunk = q;
      List<InstanceRow> rows =
          instances.committed(
              "The dashboard could not read the orchestrations of hub '" + hub + "'",
              r -> r.instances(chunk));
      for (InstanceRow o : rows) {
        if (!o.instanceId().startsWith(f.idPrefix())) {
          return page.build();
        }
        if (!name.isEmpty() && !o.name().toLowerCase(Locale.ROOT).contains(name)) {
          continue;
        }
        if (page.getOrchestrationStateCount() == f.pageSize()) {
          String last = page.getOrchestrationState(f.pageSize() - 1).getInstanceId();
          return page.setContinuationToken(Protos.string(last)).build();
        }
        page.addOrchestrationState(OrchestrationQueries.state(o, false));
      }
      if (rows.size() < q.limit()) {
        return page.build();
      }
      q = q.after(rows.get(rows.size() - 1).instanceId());
    }
  }

  Map<OrchestrationStatus, Integer> statusCounts(String hub) {
    Map<Integer, Integer> stored =
        instances.committed(
            "The dashboard could not count the orchestrations of hub '" + hub + "'",
            r -> r.statusCounts(hub));
    Map<OrchestrationStatus, Integer> counts = new EnumMap<>(OrchestrationStatus.class);
    stored.forEach(
        (status, n) -> {
          OrchestrationStatus s = OrchestrationStatus.forNumber(status);
          if (s != null) {
            counts.merge(s, n, Integer::sum);
          }
        });
    return counts;
  }

  /**
   * What the locked part of an entity read found: its detail, whether the store's row must be read,
   * and the backlog when its stored messages memory lacks must be counted, with the store's
   * snapshot begun under the lock (else null).
   */
  private record Found(
      EntityDetail detail, boolean readStore, BacklogSpan span, StoreReader.Snapshot snapshot) {}

  EntityDetail entity(String hub, String entityId) {
    String id = EntityIds.normalize(entityId);
    Found found =
        current.read(
            s -> {
              HubState h = s.hub(hub);
              EntityRuntime e = h == null ? null : h.entity(id);
              QueueLoad backlog = s.queueLoad();
              BacklogSpan span = backlog.span();
              if (e != null) {
                EntityDetail detail = detail(h, e);
                BacklogSpan lacking = backlog.complete(e) ? null : span;
                return new Found(
                    detail, false, lacking, stored.snapshot("the dashboard", hub, id, lacking));
              }
              boolean readStore = stored.mayLack(s);
              return new Found(
                  null, readStore, span, stored.snapshot("the dashboard", hub, id, span));
            });
    // While a backlog is pending, memory may lack the entity's queue or its end: the store's count.
    int spilled = stored.queuedAfter("the dashboard", found.snapshot(), hub, id, found.span());
    if (found.detail() != null) {
      EntityDetail d = found.detail();
      if (spilled == 0) {
        return d;
      }
      EntityMetadata m = d.metadata();
      return new EntityDetail(
          m.toBuilder().setBacklogQueueSize(m.getBacklogQueueSize() + spilled).build(),
          d.lock(),
          d.queue(),
          d.queueSize() + spilled,
          d.hosted());
    }
    // Not in memory: its committed row, if any (no lock), and its stored queue.
    EntityRow row = found.readStore() ? stored.read("the dashboard", hub, id) : null;
    return row == null && spilled == 0
        ? null
        : new EntityDetail(
            EntityQueries.metadata(id, row, spilled, true),
            null,
            List.of(),
            spilled,
            hostsEntity(hub, EntityIds.nameOf(id)));
  }

  /** Whether a connected worker of the hub hosts entities of this name. */
  private boolean hostsEntity(String hub, String entityName) {
    return current.read(
        s -> {
          HubState h = s.hub(hub);
          return h != null && UnhostedWork.hostsEntity(h, entityName);
        });
  }

  DroppedReport dropped(String hub) {
    return current.read(
        s -> {
          HubState h = s.hub(hub);
          if (h == null) {
            return new DroppedReport(0, List.of());
          }
          return new DroppedReport(
              h.dropped().count(),
              h.dropped().latest().stream()
                  .map(
                      d ->
                          new DroppedReport.Dropped(
                              d.entityId(),
                              d.operation(),
                              d.requestId(),
                              d.call(),
                              d.reason(),
                              d.atMillis()))
                  .toList());
        });
  }

  /** Whether a connected worker of the hub takes instances of this orchestration and version. */
  boolean hostsOrchestration(String hub, String name, String version) {
    return current.read(
        s -> {
          HubState h = s.hub(hub);
          return h != null && UnhostedWork.hostsOrchestration(h, name, version);
        });
  }

  private static EntityDetail detail(HubState h, EntityRuntime e) {
    List<QueuedRequest> queue = new ArrayList<>();
    for (QueuedMessage m : e.queue()) {
      if (queue.size() == MAX_QUEUE_LISTED) {
        break;
      }
      queue.add(request(e, m));
    }
    return new EntityDetail(
        EntityQueries.metadata(e, true),
        heldLock(h, e),
        queue,
        e.queue().size(),
        UnhostedWork.hostsEntity(h, e.name()));
  }

  LockTable locks(String hub) {
    return current.read(
        s -> {
          List<HeldLock> held = new ArrayList<>();
          List<QueuedRequest> waiting = new ArrayList<>();
          HubState h = s.hub(hub);
          if (h == null) {
            return new LockTable(held, waiting);
          }
          for (EntityRuntime e : h.entities().values()) {
            if (e.lockedBy() != null) {
              held.add(heldLock(h, e));
            }
            for (QueuedMessage m : e.queue()) {
              if (waiting.size() < MAX_WAITING_LISTED
                  && (m.kind() == MessageRow.KIND_LOCK || !e.admits(m))) {
                waiting.add(request(e, m));
              }
            }
          }
          return new LockTable(held, waiting);
        });
  }

  private static QueuedRequest request(EntityRuntime e, QueuedMessage m) {
    String kind =
        switch (m.kind()) {
          case MessageRow.KIND_CALL -> "call";
          case MessageRow.KIND_LOCK -> "lock";
          case MessageRow.KIND_UNLOCK -> "unlock";
          default -> "signal";
        };
    String section = null;
    if (m.event().hasEntityLockRequested()) {
      section = m.event().getEntityLockRequested().getCriticalSectionId();
    } else if (m.event().hasEntityUnlockSent()) {
      section = m.event().getEntityUnlockSent().getCriticalSectionId();
    }
    return new QueuedRequest(
        e.instanceId(),
        kind,
        m.operationName(),
        m.parentInstanceId(),
        section,
        m.enqueuedAt(),
        m.dueAt(),
        m.attempts(),
        e.admits(m) ? null : e.lockedBy());
  }

  /** The lock of an entity, with when its holder asked for it and got it (from its history). */
  private static HeldLock heldLock(HubState h, EntityRuntime e) {
    if (e.lockedBy() == null) {
      return null;
    }
    String section = e.lockCriticalSection();
    OrchestrationRuntime holder = h.instance(e.lockedBy());
    long requestedAt = 0;
    long grantedAt = 0;
    List<String> lockSet = List.of();
    // A finished holder (a lock a store of an older version left behind) has its history only in
    // the store, which is not read under the lock: its request and grant times stay unknown.
    if (holder != null && holder.history() != null && section != null) {
      List<HistoryEvent> events = new ArrayList<>(holder.history());
      for (InboxEvent pending : holder.inbox()) {
        events.add(pending.event());
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
        e.instanceId(),
        e.lockedBy(),
        section,
        holder == null ? null : holder.status(),
        StorageCleaner.isRunning(h, e.lockedBy()),
        requestedAt,
        grantedAt,
        lockSet);
  }
}
