package io.durableentities.scheduler.internal.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite database: one connection, used by one thread at a time (the writer), always inside a
 * transaction ({@code autoCommit=false}); {@link #commit()} makes a group of changes durable with
 * one fsync ({@code journal_mode=WAL}, {@code synchronous=FULL}).
 */
public final class Store implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Store.class);

  /**
   * The page size of a new database (an existing one keeps its own; SQLite cannot change it in WAL
   * mode). 1 KiB instead of SQLite's 4 KiB: each commit writes every B-tree page it touched into
   * the WAL, and a group of signals touches a few scattered pages (entity rows, the ends of the
   * logs), so smaller pages write fewer bytes per commit (measured in the benchmark runner's
   * scenario f-write: about 2.7 KB per signal with 4 KiB pages, 1.7 KB with 1 KiB).
   */
  static final int NEW_DATABASE_PAGE_SIZE = 1024;

  /** The database file name inside the data directory. */
  public static final String DB_FILE = "scheduler.db";

  private final Connection connection;
  private final DataDirLock lock;
  private final String where;
  private Checkpointer checkpointer;

  private final PreparedStatement insertHub;
  private final PreparedStatement insertDedup;
  private final PreparedStatement insertMessage;
  private final PreparedStatement deleteMessage;
  private final PreparedStatement markConsumed;
  private final PreparedStatement forgetConsumed;
  private final PreparedStatement incrementAttempts;
  private final PreparedStatement upsertEntity;
  private final PreparedStatement deleteEntity;
  private final PreparedStatement pruneDedup;
  private final OrchestrationTables orchestrations;

  /** Prepared on first use (see {@link #readEntity}). */
  private PreparedStatement selectEntity;

  private Store(Connection connection, DataDirLock lock, String where) throws SQLException {
    this.connection = connection;
    this.lock = lock;
    this.where = where;
    insertHub = prepare("INSERT OR IGNORE INTO task_hubs (name, created_at) VALUES (?, ?)");
    insertDedup =
        prepare(
            "INSERT INTO dedup_log (id, hub, instance_id, request_id, seen_at)"
                + " VALUES (?, ?, ?, ?, ?)");
    insertMessage =
        prepare(
            "INSERT INTO messages (id, hub, instance_id, request_id, kind, parent_instance_id,"
                + " parent_execution_id, event, due_at, enqueued_at, attempts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    deleteMessage = prepare("DELETE FROM messages WHERE id = ?");
    markConsumed = prepare("INSERT INTO consumed_messages (id) VALUES (?)");
    forgetConsumed = prepare("DELETE FROM consumed_messages WHERE id = ?");
    incrementAttempts = prepare("UPDATE messages SET attempts = attempts + 1 WHERE id = ?");
    upsertEntity =
        prepare(
            "INSERT INTO entities (hub, instance_id, state, locked_by, lock_critical_section,"
                + " last_modified) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (hub, instance_id) DO UPDATE SET state = excluded.state,"
                + " locked_by = excluded.locked_by,"
                + " lock_critical_section = excluded.lock_critical_section,"
                + " last_modified = excluded.last_modified");
    deleteEntity = prepare("DELETE FROM entities WHERE hub = ? AND instance_id = ?");
    pruneDedup = prepare("DELETE FROM dedup_log WHERE id <= ?");
    orchestrations = new OrchestrationTables(connection);
  }

  /** The orchestration tables, on the same connection and transaction. */
  public OrchestrationTables orchestrations() {
    return orchestrations;
  }

  /** Reads every orchestration row (after {@link #load}); legacy V1 inbox rows included. */
  public void loadOrchestrations(OrchestrationLoader loader) throws SQLException {
    orchestrations.load(loader);
    connection.commit();
  }

  /**
   * Opens (creating and migrating as needed) the database of a data directory, holding its lock.
   *
   * @throws IllegalStateException when another scheduler uses the directory
   */
  public static Store open(Path dataDir) throws IOException, SQLException {
    DataDirLock lock = DataDirLock.acquire(dataDir);
    Path file = dataDir.resolve(DB_FILE);
    try {
      Connection c =
          DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA page_size = " + NEW_DATABASE_PAGE_SIZE);
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
        s.execute("PRAGMA busy_timeout = 5000");
        s.execute("PRAGMA wal_autocheckpoint = 0");
      }
      Store store = init(c, lock, file.toAbsolutePath().toString());
      try {
        store.checkpointer = new Checkpointer(file.toAbsolutePath().toString(), store.where);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      return store;
    } catch (SQLException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Opens a private in-memory database (for tests): nothing survives {@link #close()}. */
  public static Store openInMemory() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite::memory:", properties());
    return init(c, null, "(in memory)");
  }

  /**
   * Driver settings: no generated-keys query after each INSERT (the driver would otherwise compile
   * and run {@code SELECT last_insert_rowid()} per insert; every row id is chosen here).
   */
  private static Properties properties() {
    SQLiteConfig config = new SQLiteConfig();
    config.setGetGeneratedKeys(false);
    return config.toProperties();
  }

  private static Store init(Connection c, DataDirLock lock, String where) throws SQLException {
    try {
      c.setAutoCommit(false);
      Schema.migrate(c, where);
      purgeConsumed(c);
      Store store = new Store(c, lock, where);
      log.debug("Opened the scheduler database {}", where);
      return store;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Where the database lives, for messages. */
  public String where() {
    return where;
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    return connection.prepareStatement(sql);
  }

  /** Records a task hub (idempotent). */
  public void insertHub(String hub, long now) throws SQLException {
    insertHub.setString(1, hub);
    insertHub.setLong(2, now);
    insertHub.executeUpdate();
  }

  /**
   * Appends a request id to the dedup log under a row id chosen by the caller (ascending in the
   * order ids are seen); the caller has checked it is new.
   */
  public void insertDedup(long id, String hub, String instanceId, String requestId, long now)
      throws SQLException {
    insertDedup.setLong(1, id);
    insertDedup.setString(2, hub);
    insertDedup.setString(3, instanceId);
    insertDedup.setString(4, requestId);
    insertDedup.setLong(5, now);
    insertDedup.executeUpdate();
  }

  /** Appends one message to the log. */
  public void insertMessage(MessageRow m) throws SQLException {
    insertMessage.setLong(1, m.id());
    insertMessage.setString(2, m.hub());
    insertMessage.setString(3, m.instanceId());
    insertMessage.setString(4, m.requestId());
    insertMessage.setInt(5, m.kind());
    setNullable(insertMessage, 6, m.parentInstanceId());
    setNullable(insertMessage, 7, m.parentExecutionId());
    insertMessage.setBytes(8, m.event());
    insertMessage.setLong(9, m.dueAt());
    insertMessage.setLong(10, m.enqueuedAt());
    insertMessage.setInt(11, m.attempts());
    insertMessage.executeUpdate();
  }

  /** Removes one message from the log. */
  public void deleteMessage(long id) throws SQLException {
    deleteMessage.setLong(1, id);
    deleteMessage.executeUpdate();
  }

  /**
   * Records that a message was executed, in the open transaction; its row is deleted later by
   * {@link #deleteConsumed} (or by {@link #purgeConsumed} before the log is read again).
   */
  public void markConsumed(long id) throws SQLException {
    markConsumed.setLong(1, id);
    markConsumed.executeUpdate();
  }

  /** Deletes a message recorded by {@link #markConsumed}, and that record. */
  public void deleteConsumed(long id) throws SQLException {
    deleteMessage.setLong(1, id);
    deleteMessage.executeUpdate();
    forgetConsumed.setLong(1, id);
    forgetConsumed.executeUpdate();
  }

  /**
   * Deletes every message recorded as executed and commits; runs before the message log is read (on
   * open, and before memory is rebuilt after a failed write).
   */
  public void purgeConsumed() throws SQLException {
    purgeConsumed(connection);
  }

  private static void purgeConsumed(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM messages WHERE id IN (SELECT id FROM consumed_messages)");
      s.execute("DELETE FROM consumed_messages");
    }
    c.commit();
  }

  /** Counts one failed delivery of a message. */
  public void incrementAttempts(long id) throws SQLException {
    incrementAttempts.setLong(1, id);
    incrementAttempts.executeUpdate();
  }

  /** Inserts or replaces an entity row. */
  public void upsertEntity(
      String hub,
      String instanceId,
      String state,
      String lockedBy,
      String lockCriticalSection,
      long lastModified)
      throws SQLException {
    upsertEntity.setString(1, hub);
    upsertEntity.setString(2, instanceId);
    setNullable(upsertEntity, 3, state);
    setNullable(upsertEntity, 4, lockedBy);
    setNullable(upsertEntity, 5, lockCriticalSection);
    upsertEntity.setLong(6, lastModified);
    upsertEntity.executeUpdate();
  }

  /** Deletes an entity row (if any). */
  public void deleteEntity(String hub, String instanceId) throws SQLException {
    deleteEntity.setString(1, hub);
    deleteEntity.setString(2, instanceId);
    deleteEntity.executeUpdate();
  }

  /** Forgets the request ids of the dedup log up to row id {@code throughId}; returns how many. */
  public int pruneDedup(long throughId) throws SQLException {
    pruneDedup.setLong(1, throughId);
    return pruneDedup.executeUpdate();
  }

  /**
   * The highest row id of the dedup log, or 0 when it is empty: new rows continue after it, also
   * when every stored row is older than the window and none was loaded (old rows stay until they
   * are pruned with the rows after them).
   */
  public long maxDedupId() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(id) FROM dedup_log")) {
      long max = rs.next() ? rs.getLong(1) : 0;
      connection.commit();
      return max;
    }
  }

  /**
   * Reads the dedup log in row-id order (the order the request ids were seen), skipping rows seen
   * before {@code seenSince} (outside the window; pruned later with the rows after them).
   */
  public void loadDedup(long seenSince, DedupLoader loader) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id, hub, instance_id, request_id, seen_at FROM dedup_log"
                + " WHERE seen_at >= ? ORDER BY id")) {
      ps.setLong(1, seenSince);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          loader.requestId(
              rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
        }
      }
    }
    connection.commit();
  }

  /**
   * Commits the open transaction: one fsync for everything written since the last commit. The WAL
   * is checkpointed off this path ({@link Checkpointer}).
   */
  public void commit() throws SQLException {
    connection.commit();
    if (checkpointer != null) {
      checkpointer.afterCommit();
    }
  }

  /** Rolls back the open transaction. */
  public void rollback() throws SQLException {
    connection.rollback();
  }

  /**
   * The row of an entity as this connection sees it (its own uncommitted changes included), or null
   * when it has none; for the writer, which loads an entity on first use.
   */
  public EntityRow readEntity(String hub, String instanceId) throws SQLException {
    if (selectEntity == null) {
      selectEntity = prepare(EntityRows.SELECT_ONE);
    }
    return EntityRows.one(selectEntity, hub, instanceId);
  }

  /** Whether the store holds any entity row. */
  public boolean hasEntityRows() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM entities LIMIT 1")) {
      return rs.next();
    }
  }

  /**
   * Up to {@code limit} entity rows of a hub from {@code from} on (inclusive or not), in the
   * store's id order, as this connection sees them; for the writer's scans of stored entities.
   */
  public List<EntityRow> readEntities(String hub, String from, boolean inclusive, int limit)
      throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(inclusive ? EntityRows.SELECT_FROM : EntityRows.SELECT_AFTER)) {
      return EntityRows.page(p, hub, from, limit);
    }
  }

  /**
   * Reads everything the engine keeps in memory. Entity rows are read per hub in id order (the
   * primary key's) and locks apart (few rows hold one), so each of the many entity rows costs the
   * driver three columns only and can be put in a tree without comparing keys.
   *
   * @param entityRows whether to read every entity row; when false only the locks are (the engine
   *     reads the other rows when it needs them)
   */
  public void load(StoreLoader loader, boolean entityRows) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT name FROM task_hubs")) {
        while (rs.next()) {
          loader.hub(rs.getString(1));
        }
      }
      if (entityRows) {
        loadEntityRows(s, loader);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT hub, instance_id, locked_by, lock_critical_section FROM entities WHERE "
                  + Schema.LOCKED_ENTITIES_WHERE)) {
        while (rs.next()) {
          loader.lock(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, hub, instance_id, request_id, kind, parent_instance_id,"
                  + " parent_execution_id, event, due_at, enqueued_at, attempts"
                  + " FROM messages ORDER BY id")) {
        while (rs.next()) {
          loader.message(
              new MessageRow(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getBytes(8),
                  rs.getLong(9),
                  rs.getLong(10),
                  rs.getInt(11)));
        }
      }
    }
    connection.commit();
  }

  private void loadEntityRows(Statement s, StoreLoader loader) throws SQLException {
    List<String> entityHubs = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT DISTINCT hub FROM entities")) {
      while (rs.next()) {
        entityHubs.add(rs.getString(1));
      }
    }
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT instance_id, state, last_modified FROM entities WHERE hub = ?"
                + " ORDER BY instance_id")) {
      for (String hub : entityHubs) {
        p.setString(1, hub);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            loader.entity(hub, rs.getString(1), rs.getString(2), rs.getLong(3));
          }
        }
        loader.endOfEntities(hub);
      }
    }
  }

  private static void setNullable(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  @Override
  public void close() throws SQLException, IOException {
    try {
      try {
        if (checkpointer != null) {
          checkpointer.close();
        }
      } finally {
        try {
          connection.rollback();
        } finally {
          connection.close();
        }
      }
      log.debug("Closed the scheduler database {}", where);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
