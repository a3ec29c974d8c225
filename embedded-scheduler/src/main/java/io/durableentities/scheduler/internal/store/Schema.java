package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema ({@code PRAGMA user_version}), migrated on start.
 *
 * <p>Version 1:
 *
 * <ul>
 *   <li>{@code task_hubs}: hubs created on first use.
 *   <li>{@code entities}: one small row per entity with state or a lock (upserts).
 *   <li>{@code messages}: the entity queues as one append-ordered log (explicit INTEGER PRIMARY KEY
 *       allocated in memory) with an index on (hub, instance, id); {@code event} is the serialized
 *       {@code HistoryEvent} as delivered to workers.
 *   <li>{@code dedup}: request ids seen per entity, pruned after the dedup window.
 *   <li>{@code orchestration_starts}, {@code orchestration_inbox}: effects addressed to
 *       orchestrations, kept for the orchestration engine.
 * </ul>
 *
 * <p>Version 2 (orchestrations):
 *
 * <ul>
 *   <li>{@code instances}: one row per orchestration instance (its current execution), upserts.
 *   <li>{@code history}: the current execution's history as an append-ordered log (rowid) with an
 *       index on (hub, instance, execution, seq).
 *   <li>{@code orchestration_inbox} gains {@code due_at}: new events of an instance, durable timers
 *       being {@code TimerFired} events due later; ids allocated in memory.
 *   <li>{@code activities}: scheduled activity tasks until their result is committed.
 *   <li>{@code orchestration_starts} is only read once, to start what entities asked for under
 *       version 1.
 * </ul>
 *
 * <p>Version 3 (write amplification): {@code messages} loses its index {@code messages_by_entity}
 * (queues live in memory; the log is read in id order on start only); {@code dedup} becomes {@code
 * dedup_log}, an append-ordered log of request ids, looked up in memory; {@code entities} becomes a
 * WITHOUT ROWID table (one B-tree per upsert instead of two); {@code consumed_messages} records
 * executed messages whose rows are deleted later in id order (a message listed there is done: the
 * store deletes it before anything reads the log).
 *
 * <p>Version 4 (start-up): {@code entities_locked}, a partial index of the entities that hold a
 * lock or are in a critical section, so that start-up finds the locks without scanning every entity
 * row; rows without a lock are not in it, so an ordinary state upsert does not touch it.
 *
 * <p>Version 5 (memory holds only active instances): partial indexes of active, finished and child
 * instances ({@link #V5}).
 *
 * <p>Version 6 (tracing): {@code messages} gains {@code trace_context}, the serialized W3C {@code
 * TraceContext} the message was sent with (null for none), delivered to workers with it.
 *
 * <p>Version 7 (the backlog by entity): {@code backlog}, the keys (hub, instance, id) of the stored
 * messages memory lacks, written only while a backlog is pending (a spilled message, the fill after
 * a start or a reload) and never for a message that goes to memory ({@link #V7}).
 *
 * <p>A new database is created at the current version directly ({@link #CURRENT}); the migrations
 * only run for databases of older versions.
 */
final class Schema {

  private static final Logger log = LoggerFactory.getLogger(Schema.class);

  private static final List<String> V1 =
      List.of(
          "CREATE TABLE task_hubs (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)",
          "CREATE TABLE entities ("
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " state TEXT,"
              + " locked_by TEXT,"
              + " lock_critical_section TEXT,"
              + " last_modified INTEGER NOT NULL,"
              + " PRIMARY KEY (hub, instance_id))",
          "CREATE TABLE messages ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " request_id TEXT NOT NULL,"
              + " kind INTEGER NOT NULL,"
              + " parent_instance_id TEXT,"
              + " parent_execution_id TEXT,"
              + " event BLOB NOT NULL,"
              + " due_at INTEGER NOT NULL,"
              + " enqueued_at INTEGER NOT NULL,"
              + " attempts INTEGER NOT NULL DEFAULT 0)",
          "CREATE INDEX messages_by_entity ON messages (hub, instance_id, id)",
          "CREATE TABLE dedup ("
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " request_id TEXT NOT NULL,"
              + " seen_at INTEGER NOT NULL,"
              + " PRIMARY KEY (hub, instance_id, request_id)) WITHOUT ROWID",
          "CREATE INDEX dedup_by_time ON dedup (seen_at)",
          "CREATE TABLE orchestration_starts ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " name TEXT NOT NULL,"
              + " action BLOB NOT NULL,"
              + " start_at INTEGER NOT NULL,"
              + " created_at INTEGER NOT NULL,"
              + " source_entity TEXT)",
          "CREATE TABLE orchestration_inbox ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " execution_id TEXT,"
              + " event BLOB NOT NULL,"
              + " created_at INTEGER NOT NULL)",
          "CREATE INDEX orchestration_inbox_by_instance ON orchestration_inbox (hub, instance_id, id)");

  /**
   * Version 2: orchestrations. {@code instances} (one row per instance, upserts); {@code history}
   * (append-ordered log by rowid, indexed by hub, instance, execution, seq); {@code
   * orchestration_inbox} gains {@code due_at} (durable timers are inbox events due later); {@code
   * activities} (scheduled activity tasks).
   */
  private static final List<String> V2 =
      List.of(
          "CREATE TABLE instances ("
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " execution_id TEXT NOT NULL,"
              + " name TEXT NOT NULL,"
              + " version TEXT,"
              + " status INTEGER NOT NULL,"
              + " input TEXT,"
              + " output TEXT,"
              + " custom_status TEXT,"
              + " failure_details BLOB,"
              + " created_at INTEGER NOT NULL,"
              + " last_updated INTEGER NOT NULL,"
              + " completed_at INTEGER,"
              + " scheduled_start INTEGER,"
              + " parent_instance_id TEXT,"
              + " parent BLOB,"
              + " PRIMARY KEY (hub, instance_id))",
          "CREATE TABLE history ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " execution_id TEXT NOT NULL,"
              + " seq INTEGER NOT NULL,"
              + " event BLOB NOT NULL)",
          "CREATE INDEX history_by_instance ON history (hub, instance_id, execution_id, seq)",
          "ALTER TABLE orchestration_inbox ADD COLUMN due_at INTEGER NOT NULL DEFAULT 0",
          "CREATE TABLE activities ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " execution_id TEXT NOT NULL,"
              + " task_id INTEGER NOT NULL,"
              + " request BLOB NOT NULL,"
              + " created_at INTEGER NOT NULL)");

  /**
   * Version 3 (fewer B-trees touched per signal): the engine keeps every queue in memory, so {@code
   * messages_by_entity} goes (each signal dirtied a random leaf of it); request ids move from the
   * {@code dedup} table keyed by (hub, instance, request id), whose inserts land on random pages,
   * to {@code dedup_log}, an append-ordered log (row ids allocated in memory, in the order the ids
   * were seen) looked up in memory and pruned from its head; {@code entities} is rebuilt WITHOUT
   * ROWID, so that an upsert dirties one B-tree page (the row keyed by its primary key) instead of
   * two (the key's index and the rowid table); {@code consumed_messages} holds the ids of executed
   * messages whose rows are deleted later, oldest first and many at a time, so that a completion
   * appends a few bytes instead of dirtying the page of each message it executed.
   */
  private static final List<String> V3 =
      List.of(
          "DROP INDEX messages_by_entity",
          "CREATE TABLE dedup_log ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " request_id TEXT NOT NULL,"
              + " seen_at INTEGER NOT NULL)",
          "INSERT INTO dedup_log (hub, instance_id, request_id, seen_at)"
              + " SELECT hub, instance_id, request_id, seen_at FROM dedup"
              + " ORDER BY seen_at, hub, instance_id, request_id",
          "DROP TABLE dedup",
          "CREATE TABLE entities_v3 ("
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " state TEXT,"
              + " locked_by TEXT,"
              + " lock_critical_section TEXT,"
              + " last_modified INTEGER NOT NULL,"
              + " PRIMARY KEY (hub, instance_id)) WITHOUT ROWID",
          "INSERT INTO entities_v3 SELECT hub, instance_id, state, locked_by,"
              + " lock_critical_section, last_modified FROM entities",
          "DROP TABLE entities",
          "ALTER TABLE entities_v3 RENAME TO entities",
          "CREATE TABLE consumed_messages (id INTEGER PRIMARY KEY)");

  /**
   * The locks read on start ({@link Store#load}) come from this index; its WHERE clause must stay
   * the query's, word for word, for SQLite to use it.
   */
  static final String LOCKED_ENTITIES_WHERE =
      "locked_by IS NOT NULL OR lock_critical_section IS NOT NULL";

  private static final List<String> V4 =
      List.of(
          "CREATE INDEX entities_locked ON entities (hub, instance_id) WHERE "
              + LOCKED_ENTITIES_WHERE);

  /**
   * Version 5 (memory holds only active instances): start-up reads the active instances through
   * {@code instances_active}, the retention finds the oldest finished ones through {@code
   * instances_finished}, a recursive purge the finished sub-orchestrations of a parent through
   * {@code instances_by_parent}. The WHERE clauses must stay the queries' word for word ({@link
   * InstanceRows}).
   */
  private static final List<String> V5 =
      List.of(
          "CREATE INDEX instances_active ON instances (hub, instance_id) WHERE status IN "
              + InstanceRows.ACTIVE_STATUSES,
          "CREATE INDEX instances_finished ON instances (completed_at) WHERE status NOT IN "
              + InstanceRows.ACTIVE_STATUSES,
          "CREATE INDEX instances_by_parent ON instances (hub, parent_instance_id)"
              + " WHERE parent_instance_id IS NOT NULL");

  /**
   * Version 6 (an entity operation continues its sender's trace): {@code messages} gains {@code
   * trace_context}, the serialized {@code TraceContext} of the signal or call (null when it came
   * without one). Older rows have none.
   */
  private static final List<String> V6 =
      List.of("ALTER TABLE messages ADD COLUMN trace_context BLOB");

  /**
   * Version 7 (the backlog by entity): memory holds only the live entities, so a queue can be on
   * disk only (spilled, or stored before a restart), and {@code GetEntity}, {@code QueryEntities},
   * the dashboard and the storage cleaning ask about one entity's stored messages. {@code backlog}
   * answers in that entity's keys alone, where the log (no index by entity since version 3) needed
   * a read of the whole backlog per answer. Unlike version 1's {@code messages_by_entity} it is not
   * written per message: a row is inserted when a message spills (or by the fill after a start),
   * deleted when the pager reads its message into memory, so the normal path writes no row.
   */
  static final String BACKLOG_TABLE =
      "CREATE TABLE backlog ("
          + " hub TEXT NOT NULL,"
          + " instance_id TEXT NOT NULL,"
          + " id INTEGER NOT NULL,"
          + " PRIMARY KEY (hub, instance_id, id)) WITHOUT ROWID";

  private static final List<String> V7 = List.of(BACKLOG_TABLE);

  private static final List<List<String>> MIGRATIONS = List.of(V1, V2, V3, V4, V5, V6, V7);

  /** The schema version this code writes. */
  static final int CURRENT_VERSION = MIGRATIONS.size();

  /**
   * A new database at {@link #CURRENT_VERSION}, table for table and index for index what the
   * migrations make of an older one ({@code SchemaTest} compares them), without walking them.
   */
  static final List<String> CURRENT =
      List.of(
          "CREATE TABLE task_hubs (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)",
          "CREATE TABLE entities ("
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " state TEXT,"
              + " locked_by TEXT,"
              + " lock_critical_section TEXT,"
              + " last_modified INTEGER NOT NULL,"
              + " PRIMARY KEY (hub, instance_id)) WITHOUT ROWID",
          "CREATE INDEX entities_locked ON entities (hub, instance_id) WHERE "
              + LOCKED_ENTITIES_WHERE,
          "CREATE TABLE messages ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " request_id TEXT NOT NULL,"
              + " kind INTEGER NOT NULL,"
              + " parent_instance_id TEXT,"
              + " parent_execution_id TEXT,"
              + " event BLOB NOT NULL,"
              + " due_at INTEGER NOT NULL,"
              + " enqueued_at INTEGER NOT NULL,"
              + " attempts INTEGER NOT NULL DEFAULT 0,"
              + " trace_context BLOB)",
          "CREATE TABLE consumed_messages (id INTEGER PRIMARY KEY)",
          "CREATE TABLE dedup_log ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " request_id TEXT NOT NULL,"
              + " seen_at INTEGER NOT NULL)",
          "CREATE TABLE orchestration_starts ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " name TEXT NOT NULL,"
              + " action BLOB NOT NULL,"
              + " start_at INTEGER NOT NULL,"
              + " created_at INTEGER NOT NULL,"
              + " source_entity TEXT)",
          "CREATE TABLE orchestration_inbox ("
              + " id INTEGER PRIMARY KEY,"
              + " hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL,"
              + " execution_id TEXT,"
              + " event BLOB NOT NULL,"
              + " created_at INTEGER NOT NULL,"
              + " due_at INTEGER NOT NULL DEFAULT 0)",
          "CREATE INDEX orchestration_inbox_by_instance ON orchestration_inbox (hub, instance_id, id)",
          V2.get(0),
          V2.get(1),
          V2.get(2),
          V2.get(4),
          V5.get(0),
          V5.get(1),
          V5.get(2),
          BACKLOG_TABLE);

  private Schema() {}

  /**
   * Brings the database to {@link #CURRENT_VERSION}: a new one is created at it in one transaction,
   * an older one is migrated, one committed transaction per version.
   */
  static void migrate(Connection connection, String where) throws SQLException {
    int version;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > CURRENT_VERSION) {
      throw new IllegalStateException(
          "The database "
              + where
              + " has schema version "
              + version
              + ", newer than this scheduler understands ("
              + CURRENT_VERSION
              + "). Use a newer scheduler or another data directory.");
    }
    if (version == 0 && isEmpty(connection)) {
      try (Statement s = connection.createStatement()) {
        for (String sql : CURRENT) {
          s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + CURRENT_VERSION);
      }
      connection.commit();
      log.info("Created the scheduler database {} (schema version {})", where, CURRENT_VERSION);
      return;
    }
    for (int v = version; v < CURRENT_VERSION; v++) {
      try (Statement s = connection.createStatement()) {
        for (String sql : MIGRATIONS.get(v)) {
          s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + (v + 1));
      }
      connection.commit();
      log.info("Migrated the scheduler database {} to schema version {}", where, v + 1);
    }
  }

  private static boolean isEmpty(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
      return rs.next() && rs.getInt(1) == 0;
    }
  }
}
