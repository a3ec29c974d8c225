package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CleanEntityStorage}, run on the writer thread, {@value #MAX_SCANNED} entities per call in
 * id order (the continuation token is the last id looked at).
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
    HubState h = engine.hubs.get(hub);
    if (h == null) {
      return out.build();
    }
    String after =
        r.hasContinuationToken() && !r.getContinuationToken().getValue().isEmpty()
            ? EntityQueries.decodeToken(r.getContinuationToken().getValue())
            : null;
    List<EntityRuntime> batch = new ArrayList<>();
    for (EntityRuntime e :
        (after == null ? h.entities : h.entities.tailMap(after, false)).values()) {
      if (batch.size() == MAX_SCANNED) {
        out.setContinuationToken(
            Protos.string(EntityQueries.encodeToken(batch.get(batch.size() - 1).instanceId)));
        break;
      }
      batch.add(e);
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
}
