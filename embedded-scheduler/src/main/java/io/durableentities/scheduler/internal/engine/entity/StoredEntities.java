package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.write.StorageFailures;
import io.durableentities.scheduler.internal.store.BacklogSpan;
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
import java.util.Set;
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
   * For counting an entity's stored messages memory lacks after the writer lock is released: a read
   * transaction begun now, under the lock, so that it sees the state memory shows ({@link
   * StoreReader#snapshot()}); null when there is nothing to count ({@code span} null: no backlog
   * pending) or for an in-memory store, which has no backlog. Pass it to {@link #queuedAfter},
   * which closes it.
   *
   * @param rpc the operation asking, for messages
   */
  public StoreReader.Snapshot snapshot(
      String rpc, String hub, String instanceId, BacklogSpan span) {
    if (reader == null || span == null) {
      return null;
    }
    try {
      return reader.snapshot();
    } catch (SQLException e) {
      throw unreadable(rpc + ": could not read the queue of", hub, instanceId, e);
    }
  }

  /**
   * How many stored messages of an entity memory lacks while a backlog is pending ({@code span},
   * seen under the lock: {@code QueueLoad}), read in {@code snapshot} (begun under the same lock;
   * closed here) through the store's backlog table; 0 when {@code snapshot} is null.
   *
   * @param rpc the operation asking, for messages
   */
  public int queuedAfter(
      String rpc, StoreReader.Snapshot snapshot, String hub, String instanceId, BacklogSpan span) {
    if (snapshot == null) {
      return 0;
    }
    try (snapshot) {
      return snapshot.queuedAfter(hub, instanceId, span);
    } catch (SQLException e) {
      throw unreadable(rpc + ": could not read the queue of", hub, instanceId, e);
    }
  }

  /**
   * {@link #queuedAfter(String, StoreReader.Snapshot, String, String, BacklogSpan)} for several
   * entities of a hub, in one snapshot (closed here); the counts by id (absent when none).
   */
  public Map<String, Integer> queuedAfter(
      String rpc,
      StoreReader.Snapshot snapshot,
      String hub,
      Collection<String> instanceIds,
      BacklogSpan span) {
    if (snapshot == null) {
      return Map.of();
    }
    try (snapshot) {
      return instanceIds.isEmpty() ? Map.of() : snapshot.queuedAfter(hub, instanceIds, span);
    } catch (SQLException e) {
      throw StorageFailures.status(
          e, rpc + ": could not read the queued messages of hub '" + hub + "'", store.where());
    }
  }

  /**
   * Which of a hub's entities have stored queued messages that memory lacks (writer thread, lock
   * held): only while a backlog is pending, among those memory does not hold whole (not resident,
   * or resident incomplete), read on the writer's connection (this group's spilled messages count):
   * each entity's keys in the backlog table, and one read of the unfilled part of the log for all
   * of them while the fill runs.
   */
  public Set<String> lackingQueued(EngineState s, HubState h, Collection<String> instanceIds)
      throws SQLException {
    BacklogSpan span = s.queueLoad().span(); // asserts the lock
    if (reader == null || span == null || instanceIds.isEmpty()) {
      return Set.of();
    }
    List<String> incomplete = new ArrayList<>();
    for (String id : instanceIds) {
      EntityRuntime e = h.entity(id);
      if (e == null || !s.queueLoad().complete(e)) {
        incomplete.add(id);
      }
    }
    return incomplete.isEmpty()
        ? Set.of()
        : store.entities().lackingQueued(h.name(), incomplete, span);
  }

  /**
   * Up to {@code limit} entities of a hub with stored messages memory lacks ({@code span}, seen
   * under the lock; none when null), from {@code from} on, read outside the writer lock, in Java's
   * id order, each as a row with nothing but its id (an entity whose messages are on disk only may
   * have no row); when {@code limit} come back, every such entity up to the last is among them.
   */
  public List<EntityRow> queuedEntities(
      String rpc, String hub, String from, boolean inclusive, int limit, BacklogSpan span) {
    if (reader == null || span == null) {
      return List.of();
    }
    List<EntityRow> rows = new ArrayList<>();
    try {
      for (String id : reader.queuedEntities(hub, from, inclusive, limit, span)) {
        rows.add(new EntityRow(id, null, null, null, 0));
      }
    } catch (SQLException e) {
      throw StorageFailures.status(
          e,
          rpc + ": could not read the queued entities of hub '" + hub + "' from '" + from + "' on",
          store.where());
    }
    return rows;
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
