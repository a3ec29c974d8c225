package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entity side of the schema ({@code task_hubs}, {@code entities}, {@code messages}, {@code
 * consumed_messages}, {@code dedup_log}, {@code backlog}), written on the writer's connection and
 * transaction.
 */
public final class EntityTables {

  private final Connection connection;
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
  private final PreparedStatement insertBacklog;
  private final PreparedStatement deleteBacklog;

  /** Prepared on first use (see {@link #readEntity}). */
  private PreparedStatement selectEntity;

  EntityTables(Connection connection) throws SQLException {
    this.connection = connection;
    insertHub =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO task_hubs (name, created_at) VALUES (?, ?)");
    insertDedup =
        connection.prepareStatement(
            "INSERT INTO dedup_log (id, hub, instance_id, request_id, seen_at)"
                + " VALUES (?, ?, ?, ?, ?)");
    insertMessage =
        connection.prepareStatement(
            "INSERT INTO messages (id, hub, instance_id, request_id, kind, parent_instance_id,"
                + " parent_execution_id, event, due_at, enqueued_at, attempts, trace_context)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    deleteMessage = connection.prepareStatement("DELETE FROM messages WHERE id = ?");
    markConsumed = connection.prepareStatement("INSERT INTO consumed_messages (id) VALUES (?)");
    forgetConsumed = connection.prepareStatement("DELETE FROM consumed_messages WHERE id = ?");
    incrementAttempts =
        connection.prepareStatement("UPDATE messages SET attempts = attempts + 1 WHERE id = ?");
    upsertEntity =
        connection.prepareStatement(
            "INSERT INTO entities (hub, instance_id, state, locked_by, lock_critical_section,"
                + " last_modified) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (hub, instance_id) DO UPDATE SET state = excluded.state,"
                + " locked_by = excluded.locked_by,"
                + " lock_critical_section = excluded.lock_critical_section,"
                + " last_modified = excluded.last_modified");
    deleteEntity =
        connection.prepareStatement("DELETE FROM entities WHERE hub = ? AND instance_id = ?");
    pruneDedup = connection.prepareStatement("DELETE FROM dedup_log WHERE id <= ?");
    insertBacklog =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO backlog (hub, instance_id, id) VALUES (?, ?, ?)");
    deleteBacklog =
        connection.prepareStatement(
            "DELETE FROM backlog WHERE hub = ? AND instance_id = ? AND id = ?");
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
    if (m.traceContext() == null) {
      insertMessage.setNull(12, Types.BLOB);
    } else {
      insertMessage.setBytes(12, m.traceContext());
    }
    insertMessage.executeUpdate();
  }

  /** Removes one message from the log. */
  public void deleteMessage(long id) throws SQLException {
    deleteMessage.setLong(1, id);
    deleteMessage.executeUpdate();
  }

  /**
   * Records that a message was executed, in the open transaction; its row is deleted later by
   * {@link #deleteConsumed}, and loading leaves it out meanwhile.
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

  /**
   * Whether row {@code id} of the dedup log records this request id of this entity, seen at {@code
   * seenSince} or later: the confirmation of a fingerprint match (rare, so prepared per call).
   */
  public boolean hasDedup(long id, String hub, String instanceId, String requestId, long seenSince)
      throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT 1 FROM dedup_log WHERE id = ? AND hub = ? AND instance_id = ?"
                + " AND request_id = ? AND seen_at >= ?")) {
      p.setLong(1, id);
      p.setString(2, hub);
      p.setString(3, instanceId);
      p.setString(4, requestId);
      p.setLong(5, seenSince);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Forgets the request ids of the dedup log up to row id {@code throughId}; returns how many. */
  public int pruneDedup(long throughId) throws SQLException {
    pruneDedup.setLong(1, throughId);
    return pruneDedup.executeUpdate();
  }

  /**
   * Records the key of a message memory lacks in {@code backlog} (a spilled message; idempotent).
   * Written only while a backlog is pending, never for a message memory takes.
   */
  public void insertBacklog(String hub, String instanceId, long id) throws SQLException {
    updateBacklogKey(insertBacklog, hub, instanceId, id);
  }

  /** Removes the key of a message the pager read into memory (or found there) from the backlog. */
  public void deleteBacklog(String hub, String instanceId, long id) throws SQLException {
    updateBacklogKey(deleteBacklog, hub, instanceId, id);
  }

  private static void updateBacklogKey(PreparedStatement p, String hub, String instanceId, long id)
      throws SQLException {
    p.setString(1, hub);
    p.setString(2, instanceId);
    p.setLong(3, id);
    p.executeUpdate();
  }

  /** Empties {@code backlog} (the backlog ended: memory holds every queue whole). */
  public void clearBacklog() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DELETE FROM backlog");
    }
  }

  /**
   * The end of the next piece of the fill: the id of the {@code count}-th stored message after
   * {@code after}, or {@code upTo} when fewer remain up to it.
   */
  public long backlogFillEnd(long after, long upTo, int count) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT id FROM messages WHERE id > ? AND id <= ? ORDER BY id LIMIT 1 OFFSET ?")) {
      p.setLong(1, after);
      p.setLong(2, upTo);
      p.setInt(3, count - 1);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getLong(1) : upTo;
      }
    }
  }

  /**
   * Copies the keys of the stored, not executed, messages in ({@code after}, {@code upTo}] into
   * {@code backlog} (keys already there stay), and returns how many messages that range holds per
   * task hub and entity name (what lies between an id's first two {@code @}), for the queue-depth
   * gauge.
   */
  public Map<String, Map<String, Long>> fillBacklog(long after, long upTo) throws SQLException {
    String range =
        " FROM messages WHERE id > ? AND id <= ?"
            + " AND id NOT IN (SELECT id FROM consumed_messages)";
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO backlog (hub, instance_id, id) SELECT hub, instance_id, id"
                + range)) {
      p.setLong(1, after);
      p.setLong(2, upTo);
      p.executeUpdate();
    }
    Map<String, Map<String, Long>> counts = new HashMap<>();
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT hub, substr(instance_id, 2, instr(substr(instance_id, 2), '@') - 1),"
                + " count(*)"
                + range
                + " GROUP BY 1, 2")) {
      p.setLong(1, after);
      p.setLong(2, upTo);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          counts
              .computeIfAbsent(rs.getString(1), h -> new HashMap<>())
              .put(rs.getString(2), rs.getLong(3));
        }
      }
    }
    return counts;
  }

  /**
   * Which of a hub's entities memory lacks a stored message of ({@link BacklogSpan}), as this
   * connection sees it (the writer's own uncommitted spills included): a range of the key of {@code
   * backlog} per entity, plus one read of the unfilled part of the log while the fill runs.
   */
  public Set<String> lackingQueued(String hub, Collection<String> instanceIds, BacklogSpan span)
      throws SQLException {
    Set<String> lacking = new HashSet<>();
    List<String> rest = new ArrayList<>();
    try (PreparedStatement p =
        connection.prepareStatement("SELECT EXISTS (" + BacklogRows.ROWS_OF_ENTITY + ")")) {
      for (String id : instanceIds) {
        BacklogRows.bindRowsOfEntity(p, hub, id, span);
        if (BacklogRows.number(p) != 0) {
          lacking.add(id);
        } else {
          rest.add(id);
        }
      }
    }
    if (span.filling() && !rest.isEmpty()) {
      lacking.addAll(BacklogRows.unfilledCounts(connection, hub, rest, span).keySet());
    }
    return lacking;
  }

  /**
   * The row of an entity as this connection sees it (its own uncommitted changes included), or null
   * when it has none; for the writer, which loads an entity on first use. A failed read leaves no
   * broken statement behind.
   */
  public EntityRow readEntity(String hub, String instanceId) throws SQLException {
    if (selectEntity == null) {
      selectEntity = connection.prepareStatement(EntityRows.SELECT_ONE);
    }
    try {
      return EntityRows.one(selectEntity, hub, instanceId);
    } catch (SQLException e) {
      PreparedStatement broken = selectEntity;
      selectEntity = null;
      try {
        broken.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * Up to {@code limit} entity rows of a hub from {@code from} on (inclusive or not), in the
   * store's id order, as this connection sees them; for the writer's scans of stored entities.
   */
  public java.util.List<EntityRow> readEntities(
      String hub, String from, boolean inclusive, int limit) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(inclusive ? EntityRows.SELECT_FROM : EntityRows.SELECT_AFTER)) {
      return EntityRows.page(p, hub, from, limit, Long.MAX_VALUE);
    }
  }

  /** Closes the statements (they are replaced). */
  void close() {
    for (PreparedStatement p :
        new PreparedStatement[] {
          insertHub,
          insertDedup,
          insertMessage,
          deleteMessage,
          markConsumed,
          forgetConsumed,
          incrementAttempts,
          upsertEntity,
          deleteEntity,
          pruneDedup,
          insertBacklog,
          deleteBacklog,
          selectEntity
        }) {
      try {
        if (p != null) {
          p.close();
        }
      } catch (SQLException e) {
        // replaced anyway
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
}
