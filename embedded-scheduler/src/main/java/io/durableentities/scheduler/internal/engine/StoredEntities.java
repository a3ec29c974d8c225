package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.store.EntityRow;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreReader;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The entities a file store holds but memory does not. Start-up loads only the entities with a
 * queue or a lock; the others (most of them only hold a state) are read when first needed: by the
 * writer on its own connection when a message comes for one (it then stays in memory), by the read
 * paths on read-only connections outside the engine lock.
 *
 * <p>Memory seen under the engine lock is committed state (the writer holds the lock across apply
 * and commit), and an entity absent from memory has its committed row as the truth, so a read that
 * races a write answers the old or the new committed state, never a mix. An in-memory store keeps
 * every entity in memory ({@link #lazy()} is false) and has no reader.
 */
final class StoredEntities implements AutoCloseable {

  /** Java's order for ids (a store's rows come in SQLite's, which differs above U+FFFF). */
  private static final Comparator<EntityRow> BY_ID = Comparator.comparing(EntityRow::instanceId);

  private final Store store;

  /** The read-only connections of a file store (histories too); null for an in-memory store. */
  final StoreReader reader;

  StoredEntities(Store store) {
    this.store = store;
    String file;
    try {
      file = store.orchestrations().databaseFile();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not find the database file of " + store.where() + ": " + e, e);
    }
    this.reader = file == null ? null : StoreReader.of(file);
  }

  /**
   * Whether the store had no entity row at the last load: then every row written since is of an
   * entity in memory, and memory lacks none.
   */
  private volatile boolean noRowsAtLoad;

  /** Whether memory may lack stored entities (a file store); false keeps every entity resident. */
  boolean lazy() {
    return reader != null;
  }

  /** Whether memory may lack some stored entity now, so that reads must consult the store. */
  boolean mayLack() {
    return reader != null && !noRowsAtLoad;
  }

  /**
   * Fills the state of the entities start-up put in memory for their queue or lock (writer thread,
   * engine lock held); an entity without a row keeps what it has.
   */
  void fillLoaded(Collection<EntityRuntime> loaded) throws SQLException {
    if (!lazy()) {
      return;
    }
    noRowsAtLoad = !store.hasEntityRows();
    for (EntityRuntime e : loaded) {
      EntityRow row = store.readEntity(e.hub.name, e.instanceId);
      if (row != null) {
        e.state = row.state();
        e.lastModified = row.lastModified();
      }
    }
  }

  /**
   * An entity for the writer (engine lock held): the one in memory, else its stored row, which then
   * stays in memory; null when neither has it.
   */
  EntityRuntime find(HubState h, String instanceId) throws SQLException {
    EntityRuntime e = h.entities.get(instanceId);
    if (e != null || !mayLack()) {
      return e;
    }
    EntityRow row = store.readEntity(h.name, instanceId);
    if (row == null) {
      return null;
    }
    e = new EntityRuntime(h, instanceId, row.lastModified());
    e.state = row.state();
    e.lockedBy = row.lockedBy();
    e.lockCriticalSection = row.lockCriticalSection();
    h.entities.put(instanceId, e);
    return e;
  }

  /** Like {@link #find}, creating an entity with nothing yet when neither has it. */
  EntityRuntime findOrCreate(HubState h, String instanceId, long now) throws SQLException {
    EntityRuntime e = find(h, instanceId);
    if (e == null) {
      e = new EntityRuntime(h, instanceId, now);
      h.entities.put(instanceId, e);
    }
    return e;
  }

  /**
   * The committed row of an entity that was not in memory, read outside the engine lock; null when
   * none, or always for an in-memory store.
   *
   * @param rpc the operation asking, for messages
   */
  EntityRow read(String rpc, String hub, String instanceId) {
    if (!mayLack()) {
      return null;
    }
    try {
      return reader.entity(hub, instanceId);
    } catch (SQLException e) {
      throw unreadable(rpc, "entity '" + instanceId + "'", e);
    }
  }

  /**
   * Up to {@code limit} committed rows of a hub from {@code from} on, in Java's id order, read
   * outside the engine lock; empty for an in-memory store.
   */
  List<EntityRow> page(String rpc, String hub, String from, boolean inclusive, int limit) {
    if (!mayLack()) {
      return List.of();
    }
    List<EntityRow> rows;
    try {
      rows = new ArrayList<>(reader.entities(hub, from, inclusive, limit));
    } catch (SQLException e) {
      throw unreadable(rpc, "the entities of hub '" + hub + "'", e);
    }
    rows.sort(BY_ID);
    return rows;
  }

  /**
   * Up to {@code limit} rows of a hub after {@code after} (null: from the first), in Java's id
   * order, as the writer sees them (engine lock held); empty for an in-memory store.
   */
  List<EntityRow> pageForWrite(HubState h, String after, int limit) throws SQLException {
    if (!mayLack()) {
      return List.of();
    }
    List<EntityRow> rows =
        new ArrayList<>(
            store.readEntities(h.name, after == null ? "" : after, after == null, limit));
    rows.sort(BY_ID);
    return rows;
  }

  private RuntimeException unreadable(String rpc, String what, SQLException e) {
    return Status.UNAVAILABLE
        .withDescription(
            rpc + ": could not read " + what + " from " + store.where() + ": " + e.getMessage())
        .withCause(e)
        .asRuntimeException();
  }

  /** Closes the read connections. */
  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
  }
}
