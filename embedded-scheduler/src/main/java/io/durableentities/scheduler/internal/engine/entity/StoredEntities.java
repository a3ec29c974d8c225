package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.write.StorageFailures;
import io.durableentities.scheduler.internal.store.EntityRow;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreReader;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entities a file store holds but memory does not. Start-up loads only the entities with a
 * queue or a lock; the others (most of them only hold a state) are read when first needed: by the
 * writer on its own connection when a message comes for one (it then stays in memory), by the read
 * paths on read-only connections outside the writer lock.
 *
 * <p>Memory seen under the lock is committed state (the writer holds the lock across apply and
 * commit), and an entity absent from memory has its committed row as the truth, so a read that
 * races a write answers the old or the new committed state, never a mix. An in-memory store keeps
 * every entity in memory ({@link #lazy()} is false) and has no reader.
 *
 * <p>A row that cannot be read (a damaged page) fails only the request that needs it, with an error
 * naming the entity: the writer reads the row before its request changes anything, so the rest of
 * the group goes on.
 */
public final class StoredEntities {

  private static final Logger log = LoggerFactory.getLogger(StoredEntities.class);

  /** Java's order for ids (a store's rows come in SQLite's, which differs above U+FFFF). */
  private static final Comparator<EntityRow> BY_ID = Comparator.comparing(EntityRow::instanceId);

  private final Store store;

  /** The read-only connections of a file store; null for an in-memory store. */
  private final StoreReader reader;

  public StoredEntities(Store store, StoreReader reader) {
    this.store = store;
    this.reader = reader;
  }

  /** Whether memory may lack stored entities (a file store); false keeps every entity resident. */
  public boolean lazy() {
    return reader != null;
  }

  /** Whether memory may lack some stored entity now, so that reads must consult the store. */
  public boolean mayLack(EngineState s) {
    return reader != null && s.storeMayHoldMore();
  }

  /**
   * An entity for the writer (lock held): the one in memory, else its stored row, which then stays
   * in memory; null when neither has it.
   *
   * @throws StatusRuntimeException naming the entity when its row cannot be read (DATA_LOSS for a
   *     damaged database)
   */
  public EntityRuntime find(EngineState s, HubState h, String instanceId) {
    EntityRuntime e = h.entity(instanceId);
    if (e != null || !mayLack(s)) {
      return e;
    }
    EntityRow row = readForWrite(h.name(), instanceId);
    if (row == null) {
      return null;
    }
    e =
        EntityRuntime.stored(
            h,
            instanceId,
            row.state(),
            row.lockedBy(),
            row.lockCriticalSection(),
            row.lastModified());
    h.cacheEntity(e);
    return e;
  }

  /**
   * Reads an entity's row into memory if memory lacks it, before a piece of work changes anything,
   * so that an unreadable row fails only that piece (a hub is created in memory only when the row
   * exists).
   *
   * @throws StatusRuntimeException naming the entity when its row cannot be read
   */
  public void prefetch(EngineState s, String hub, String instanceId) {
    HubState h = s.hub(hub);
    if ((h != null && h.entity(instanceId) != null) || !mayLack(s)) {
      return;
    }
    EntityRow row = readForWrite(hub, instanceId);
    if (row != null) {
      h = s.hubOrCreate(hub);
      h.cacheEntity(
          EntityRuntime.stored(
              h,
              instanceId,
              row.state(),
              row.lockedBy(),
              row.lockCriticalSection(),
              row.lastModified()));
    }
  }

  /** Like {@link #find}, creating an entity with nothing yet when neither has it. */
  public EntityRuntime findOrCreate(EngineState s, HubState h, String instanceId, long now) {
    EntityRuntime e = find(s, h, instanceId);
    if (e == null) {
      e = new EntityRuntime(h, instanceId, now);
      h.addEntity(e);
    }
    return e;
  }

  /**
   * The committed row of an entity memory lacks, read outside the writer lock (the caller saw
   * {@link #mayLack} under it); null when none.
   *
   * @param rpc the operation asking, for messages
   */
  public EntityRow read(String rpc, String hub, String instanceId) {
    try {
      return reader.entity(hub, instanceId);
    } catch (SQLException e) {
      throw unreadable(rpc + ": could not read", hub, instanceId, e);
    }
  }

  /**
   * How many committed queued messages of an entity after id {@code after} the store holds, read
   * outside the writer lock: the part of its queue memory lacks while a backlog is pending ({@code
   * QueueLoad}); 0 for an in-memory store, which has no backlog.
   *
   * @param rpc the operation asking, for messages
   */
  public int queuedAfter(String rpc, String hub, String instanceId, long after) {
    if (reader == null) {
      return 0;
    }
    try {
      return reader.queuedAfter(hub, instanceId, after);
    } catch (SQLException e) {
      throw unreadable(rpc + ": could not read the queue of", hub, instanceId, e);
    }
  }

  /**
   * {@link #queuedAfter(String, String, String, long)} for several entities of a hub, in one read;
   * the counts by id (absent when none).
   */
  public Map<String, Integer> queuedAfter(
      String rpc, String hub, Collection<String> instanceIds, long after) {
    if (reader == null || instanceIds.isEmpty()) {
      return Map.of();
    }
    try {
      return reader.queuedAfter(hub, instanceIds, after);
    } catch (SQLException e) {
      throw StorageFailures.status(
          e, rpc + ": could not read the queued messages of hub '" + hub + "'", store.where());
    }
  }

  /**
   * Up to {@code limit} committed rows of a hub from {@code from} on, in Java's id order, read
   * outside the writer lock; fewer (at least one) once their states reach {@code maxStateChars}
   * characters; empty when memory lacks nothing ({@code mayLack} as seen under it).
   */
  public List<EntityRow> page(
      String rpc,
      boolean mayLack,
      String hub,
      String from,
      boolean inclusive,
      int limit,
      long maxStateChars) {
    if (!mayLack) {
      return List.of();
    }
    List<EntityRow> rows;
    try {
      rows = new ArrayList<>(reader.entities(hub, from, inclusive, limit, maxStateChars));
    } catch (SQLException e) {
      throw StorageFailures.status(
          e,
          rpc + ": could not read the entities of hub '" + hub + "' from '" + from + "' on",
          store.where());
    }
    rows.sort(BY_ID);
    return rows;
  }

  /**
   * Up to {@code limit} rows of a hub after {@code after} (null: from the first), in Java's id
   * order, as the writer sees them (lock held); empty when memory lacks nothing.
   */
  public List<EntityRow> pageForWrite(EngineState s, HubState h, String after, int limit)
      throws SQLException {
    if (!mayLack(s)) {
      return List.of();
    }
    List<EntityRow> rows =
        new ArrayList<>(
            store
                .entities()
                .readEntities(h.name(), after == null ? "" : after, after == null, limit));
    rows.sort(BY_ID);
    return rows;
  }

  /**
   * Reads the row on the writer's connection (its own uncommitted changes included), after a probe
   * of the committed row on a read connection: a damaged page fails the probe, outside the group's
   * transaction.
   */
  private EntityRow readForWrite(String hub, String instanceId) {
    try {
      if (reader != null) {
        reader.entity(hub, instanceId);
      }
      return store.entities().readEntity(hub, instanceId);
    } catch (SQLException ex) {
      throw unreadable("The scheduler could not read", hub, instanceId, ex);
    }
  }

  private StatusRuntimeException unreadable(
      String what, String hub, String instanceId, SQLException e) {
    StatusRuntimeException status =
        StorageFailures.status(
            e, what + " entity " + instanceId + " (hub '" + hub + "')", store.where());
    if (StorageFailures.isCorruption(e)) {
      log.error(
          "The stored row of entity {} (hub {}) in {} is unreadable: {}",
          instanceId,
          hub,
          store.where(),
          e.getMessage());
    }
    return status;
  }
}
