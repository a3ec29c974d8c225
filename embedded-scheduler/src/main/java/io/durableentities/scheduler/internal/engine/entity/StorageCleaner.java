package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.store.EntityRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CleanEntityStorage}, run on the writer thread, {@value #MAX_SCANNED} entities per call in
 * id order (the continuation token is the last id looked at), those in memory and the stored ones
 * memory lacks alike.
 *
 * <ul>
 *   <li>releaseOrphanedLocks: a lock whose holder is neither running nor suspended is cleared and
 *       the entity's waiting operations become deliverable.
 *   <li>removeEmptyEntities: an entity with no state, no lock, no backlog and nothing in flight is
 *       deleted. While a backlog is pending, an entity memory does not hold whole is asked for its
 *       stored messages first ({@link StoredEntities#lackingQueued}: its keys in the store's
 *       backlog table): one with messages on disk only is not empty and is kept, so cleaning need
 *       not wait for the backlog.
 * </ul>
 */
public final class StorageCleaner {

  private static final Logger log = LoggerFactory.getLogger(StorageCleaner.class);

  static final int MAX_SCANNED = 1000;

  private final EntityWrites writes;

  public StorageCleaner(EntityWrites writes) {
    this.writes = writes;
  }

  /** Whether an orchestration holding a lock is running or suspended. */
  public static boolean isRunning(HubState h, String instanceId) {
    OrchestrationRuntime o = h.instance(instanceId);
    return o != null && o.isActive();
  }

  /** Cleans one page of a hub's entities (writer thread). */
  public CleanEntityStorageResponse clean(
      EngineState s, String hub, CleanEntityStorageRequest r, long now) throws SQLException {
    CleanEntityStorageResponse.Builder out = CleanEntityStorageResponse.newBuilder();
    StoredEntities stored = writes.stored();
    // A stored hub may lack a task_hubs row (rows written by an older version): its rows count.
    HubState h = stored.lazy() ? s.hubOrCreate(hub) : s.hub(hub);
    if (h == null) {
      return out.build();
    }
    String after =
        r.hasContinuationToken() && !r.getContinuationToken().getValue().isEmpty()
            ? EntityQueries.decodeToken(r.getContinuationToken().getValue())
            : null;
    // Memory and the stored rows memory lacks, in id order; a stored row is read into memory only
    // when it needs cleaning.
    NavigableMap<String, Object> scan = scan(s, h, after);
    List<EntityRuntime> batch = new ArrayList<>();
    int scanned = 0;
    for (Map.Entry<String, Object> entry : scan.entrySet()) {
      if (scanned == MAX_SCANNED) {
        out.setContinuationToken(
            Protos.string(EntityQueries.encodeToken(scan.lowerKey(entry.getKey()))));
        break;
      }
      scanned++;
      if (entry.getValue() instanceof EntityRuntime e) {
        batch.add(e);
      } else if (needsCleaning(h, (EntityRow) entry.getValue(), r)) {
        batch.add(stored.find(s, h, entry.getKey()));
      }
    }
    int released = 0;
    int removed = 0;
    Set<EntityRuntime> changed = new HashSet<>();
    for (EntityRuntime e : batch) {
      if (r.getReleaseOrphanedLocks() && e.lockedBy() != null && !isRunning(h, e.lockedBy())) {
        log.info(
            "Released the orphaned lock of entity {} (hub {}) held by {}",
            e.instanceId(),
            hub,
            e.lockedBy());
        e.unlock();
        e.touch(now);
        released++;
        changed.add(e);
      }
    }
    if (r.getRemoveEmptyEntities()) {
      List<String> empty = new ArrayList<>();
      for (EntityRuntime e : batch) {
        if (e.isEmpty()) {
          empty.add(e.instanceId());
        }
      }
      // An entity whose queued messages are on disk only (spilled, or stored before a restart)
      // is not empty, though memory holds none of them: it is kept.
      Set<String> onDisk = stored.lackingQueued(s, h, empty);
      for (EntityRuntime e : batch) {
        if (e.isEmpty() && !onDisk.contains(e.instanceId())) {
          removed++;
          changed.add(e);
        }
      }
    }
    for (EntityRuntime e : batch) {
      if (changed.contains(e)) {
        writes.persistAndRefresh(e, now);
      }
    }
    return out.setEmptyEntitiesRemoved(removed).setOrphanedLocksReleased(released).build();
  }

  /**
   * Up to {@value #MAX_SCANNED} + 1 entities after {@code after}: the entities in memory and the
   * stored rows of the others, both up to the last stored row read when more rows follow it.
   */
  private NavigableMap<String, Object> scan(EngineState s, HubState h, String after)
      throws SQLException {
    List<EntityRow> rows = writes.stored().pageForWrite(s, h, after, MAX_SCANNED + 1);
    TreeMap<String, Object> scan = new TreeMap<>();
    rows.forEach(row -> scan.put(row.instanceId(), row));
    NavigableMap<String, EntityRuntime> memory =
        after == null ? h.entities() : h.entities().tailMap(after, false);
    if (rows.size() == MAX_SCANNED + 1) {
      memory = memory.headMap(rows.get(rows.size() - 1).instanceId(), true);
    }
    int taken = 0;
    for (EntityRuntime e : memory.values()) {
      if (taken++ > MAX_SCANNED) {
        break; // the first MAX_SCANNED + 1 of the union are known
      }
      scan.put(e.instanceId(), e);
    }
    return scan;
  }

  /** Whether a stored row memory lacks would be changed by the request. */
  private static boolean needsCleaning(HubState h, EntityRow row, CleanEntityStorageRequest r) {
    if (r.getRemoveEmptyEntities() && row.state() == null && row.lockedBy() == null) {
      return true;
    }
    return r.getReleaseOrphanedLocks() && row.lockedBy() != null && !isRunning(h, row.lockedBy());
  }
}
