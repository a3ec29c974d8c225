package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.scheduler.internal.store.EntityRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CleanEntityStorage}, run on the writer thread, {@value #MAX_SCANNED} entities per call in
 * id order (the continuation token is the last id looked at), those in memory and the stored ones
 * memory lacks alike.
 *
 * <ul>
 *   <li>releaseOrphanedLocks: a lock whose holder is not running ({@link LockHolders}) is cleared
 *       and the entity's waiting operations become deliverable.
 *   <li>removeEmptyEntities: an entity with no state, no lock, no backlog and nothing in flight is
 *       deleted.
 * </ul>
 */
final class StorageCleaner {

  private static final Logger log = LoggerFactory.getLogger(StorageCleaner.class);

  static final int MAX_SCANNED = 1000;

  private final Engine engine;

  StorageCleaner(Engine engine) {
    this.engine = engine;
  }

  CleanEntityStorageResponse clean(String hub, CleanEntityStorageRequest r, long now)
      throws SQLException {
    CleanEntityStorageResponse.Builder out = CleanEntityStorageResponse.newBuilder();
    // A stored hub may lack a task_hubs row (rows written by an older version): its rows count.
    HubState h =
        engine.stored.lazy()
            ? engine.hubs.computeIfAbsent(hub, HubState::new)
            : engine.hubs.get(hub);
    if (h == null) {
      return out.build();
    }
    String after =
        r.hasContinuationToken() && !r.getContinuationToken().getValue().isEmpty()
            ? EntityQueries.decodeToken(r.getContinuationToken().getValue())
            : null;
    // Memory and the stored rows memory lacks, in id order; a stored row is read into memory only
    // when it needs cleaning.
    NavigableMap<String, Object> scan = scan(h, after);
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
      } else if (needsCleaning(hub, (EntityRow) entry.getValue(), r)) {
        batch.add(engine.stored.find(h, entry.getKey()));
      }
    }
    int released = 0;
    int removed = 0;
    for (EntityRuntime e : batch) {
      boolean changed = false;
      if (r.getReleaseOrphanedLocks()
          && e.lockedBy != null
          && !engine.lockHolders.isRunning(hub, e.lockedBy)) {
        log.info(
            "Released the orphaned lock of entity {} (hub {}) held by {}",
            e.instanceId,
            hub,
            e.lockedBy);
        e.lockedBy = null;
        e.lockCriticalSection = null;
        e.lastModified = now;
        released++;
        changed = true;
      }
      if (r.getRemoveEmptyEntities() && e.isEmpty()) {
        removed++;
        changed = true;
      }
      if (changed) {
        engine.persist(e);
        engine.dispatcher.refresh(e, now);
      }
    }
    return out.setEmptyEntitiesRemoved(removed).setOrphanedLocksReleased(released).build();
  }

  /**
   * Up to {@value #MAX_SCANNED} + 1 entities after {@code after}: the entities in memory and the
   * stored rows of the others, both up to the last stored row read when more rows follow it.
   */
  private NavigableMap<String, Object> scan(HubState h, String after) throws SQLException {
    List<EntityRow> rows = engine.stored.pageForWrite(h, after, MAX_SCANNED + 1);
    TreeMap<String, Object> scan = new TreeMap<>();
    rows.forEach(row -> scan.put(row.instanceId(), row));
    NavigableMap<String, EntityRuntime> memory =
        after == null ? h.entities : h.entities.tailMap(after, false);
    if (rows.size() == MAX_SCANNED + 1) {
      memory = memory.headMap(rows.get(rows.size() - 1).instanceId(), true);
    }
    int taken = 0;
    for (EntityRuntime e : memory.values()) {
      if (taken++ > MAX_SCANNED) {
        break; // the first MAX_SCANNED + 1 of the union are known
      }
      scan.put(e.instanceId, e);
    }
    return scan;
  }

  /** Whether a stored row memory lacks would be changed by the request. */
  private boolean needsCleaning(String hub, EntityRow row, CleanEntityStorageRequest r) {
    if (r.getRemoveEmptyEntities() && row.state() == null && row.lockedBy() == null) {
      return true;
    }
    return r.getReleaseOrphanedLocks()
        && row.lockedBy() != null
        && !engine.lockHolders.isRunning(hub, row.lockedBy());
  }
}
