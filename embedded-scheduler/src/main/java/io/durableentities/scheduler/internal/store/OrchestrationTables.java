package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The orchestration tables of schema version 2 ({@code instances}, {@code history}, {@code
 * orchestration_inbox}, {@code activities}), written on the writer's connection and transaction.
 */
public final class OrchestrationTables implements InstanceSource {

  private static final String ACTIVE_STATUSES = InstanceRows.ACTIVE_STATUSES;

  private final Connection connection;
  private final PreparedStatement upsertInstance;
  private final PreparedStatement deleteInstance;
  private final PreparedStatement insertHistory;
  private final PreparedStatement deleteHistory;
  private final PreparedStatement deleteNewestHistory;
  private final PreparedStatement insertInbox;
  private final PreparedStatement deleteInbox;
  private final PreparedStatement deleteInboxOf;
  private final PreparedStatement insertActivity;
  private final PreparedStatement deleteActivity;
  private final PreparedStatement deleteActivitiesOf;
  private final PreparedStatement selectHistory;
  private final PreparedStatement selectInstance;

  OrchestrationTables(Connection connection) throws SQLException {
    this.connection = connection;
    upsertInstance =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO instances (hub, instance_id, execution_id, name, version,"
                + " status, input, output, custom_status, failure_details, created_at,"
                + " last_updated, completed_at, scheduled_start, parent_instance_id, parent)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    deleteInstance =
        connection.prepareStatement("DELETE FROM instances WHERE hub = ? AND instance_id = ?");
    insertHistory =
        connection.prepareStatement(
            "INSERT INTO history (hub, instance_id, execution_id, seq, event)"
                + " VALUES (?, ?, ?, ?, ?)");
    deleteHistory =
        connection.prepareStatement("DELETE FROM history WHERE hub = ? AND instance_id = ?");
    deleteNewestHistory =
        connection.prepareStatement(
            "DELETE FROM history WHERE id IN (SELECT id FROM history WHERE hub = ? AND"
                + " instance_id = ? ORDER BY execution_id DESC, seq DESC LIMIT ?)");
    insertInbox =
        connection.prepareStatement(
            "INSERT INTO orchestration_inbox (id, hub, instance_id, execution_id, event,"
                + " created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    deleteInbox = connection.prepareStatement("DELETE FROM orchestration_inbox WHERE id = ?");
    deleteInboxOf =
        connection.prepareStatement(
            "DELETE FROM orchestration_inbox WHERE hub = ? AND instance_id = ?");
    insertActivity =
        connection.prepareStatement(
            "INSERT INTO activities (id, hub, instance_id, execution_id, task_id, request,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    deleteActivity = connection.prepareStatement("DELETE FROM activities WHERE id = ?");
    deleteActivitiesOf =
        connection.prepareStatement("DELETE FROM activities WHERE hub = ? AND instance_id = ?");
    selectHistory = connection.prepareStatement(StoreReader.SELECT);
    selectInstance = connection.prepareStatement(InstanceRows.SELECT_ONE);
  }

  /**
   * An instance's row as the writer's transaction sees it (its own uncommitted changes included);
   * null when none. Memory holds the active instances; this finds the finished ones.
   */
  @Override
  public InstanceRow instance(String hub, String instanceId) throws SQLException {
    return InstanceRows.one(selectInstance, hub, instanceId);
  }

  @Override
  public List<InstanceRow> instances(InstanceSelection q) throws SQLException {
    return InstanceRows.page(connection, q);
  }

  @Override
  public Map<Integer, Integer> statusCounts(String hub) throws SQLException {
    return InstanceRows.statusCounts(connection, hub);
  }

  @Override
  public List<byte[]> history(String hub, String instanceId, String executionId)
      throws SQLException {
    return readHistory(hub, instanceId, executionId);
  }

  /** The finished sub-orchestrations of {@code parentId}, by id. */
  public List<String> finishedChildren(String hub, String parentId) throws SQLException {
    return InstanceRows.finishedChildren(connection, hub, parentId);
  }

  /**
   * Up to {@code limit} instances that finished before {@code cutoff}, oldest first, each {hub,
   * instance id}.
   */
  public List<String[]> finishedBefore(long cutoff, int limit) throws SQLException {
    return InstanceRows.finishedBefore(connection, cutoff, limit);
  }

  /**
   * The stored events of one execution, in order, read on the writer's connection (the caller holds
   * the engine lock; used for in-memory databases, a file has its {@link StoreReader}).
   */
  public List<byte[]> readHistory(String hub, String instanceId, String executionId)
      throws SQLException {
    return StoreReader.events(selectHistory, hub, instanceId, executionId);
  }

  /** Inserts or replaces an instance row. */
  public void upsertInstance(InstanceRow r) throws SQLException {
    PreparedStatement p = upsertInstance;
    p.setString(1, r.hub());
    p.setString(2, r.instanceId());
    p.setString(3, r.executionId());
    p.setString(4, r.name());
    setNullable(p, 5, r.version());
    p.setInt(6, r.status());
    setNullable(p, 7, r.input());
    setNullable(p, 8, r.output());
    setNullable(p, 9, r.customStatus());
    p.setBytes(10, r.failureDetails());
    p.setLong(11, r.createdAt());
    p.setLong(12, r.lastUpdated());
    p.setLong(13, r.completedAt());
    p.setLong(14, r.scheduledStart());
    setNullable(p, 15, r.parentInstanceId());
    p.setBytes(16, r.parent());
    p.executeUpdate();
  }

  /** Deletes an instance with its history, inbox and activities. */
  public void deleteInstance(String hub, String instanceId) throws SQLException {
    for (PreparedStatement p :
        new PreparedStatement[] {
          deleteInstance, deleteHistory, deleteInboxOf, deleteActivitiesOf
        }) {
      p.setString(1, hub);
      p.setString(2, instanceId);
      p.executeUpdate();
    }
  }

  /**
   * Deletes up to {@code limit} of an instance's history rows, the newest first (what is left is
   * the start of its history); returns how many. Fewer than {@code limit} means none is left.
   */
  public int deleteNewestHistory(String hub, String instanceId, int limit) throws SQLException {
    deleteNewestHistory.setString(1, hub);
    deleteNewestHistory.setString(2, instanceId);
    deleteNewestHistory.setInt(3, limit);
    return deleteNewestHistory.executeUpdate();
  }

  /** Appends a history event. */
  public void insertHistory(
      String hub, String instanceId, String executionId, int seq, byte[] event)
      throws SQLException {
    insertHistory.setString(1, hub);
    insertHistory.setString(2, instanceId);
    insertHistory.setString(3, executionId);
    insertHistory.setInt(4, seq);
    insertHistory.setBytes(5, event);
    insertHistory.executeUpdate();
  }

  /** Forgets an instance's history (continue-as-new, replacement). */
  public void deleteHistory(String hub, String instanceId) throws SQLException {
    deleteHistory.setString(1, hub);
    deleteHistory.setString(2, instanceId);
    deleteHistory.executeUpdate();
  }

  /** Appends an inbox event. */
  public void insertInbox(
      long id,
      String hub,
      String instanceId,
      String executionId,
      byte[] event,
      long now,
      long dueAt)
      throws SQLException {
    insertInbox.setLong(1, id);
    insertInbox.setString(2, hub);
    insertInbox.setString(3, instanceId);
    setNullable(insertInbox, 4, executionId);
    insertInbox.setBytes(5, event);
    insertInbox.setLong(6, now);
    insertInbox.setLong(7, dueAt);
    insertInbox.executeUpdate();
  }

  /** Removes one inbox event. */
  public void deleteInbox(long id) throws SQLException {
    deleteInbox.setLong(1, id);
    deleteInbox.executeUpdate();
  }

  /** Removes every inbox event of an instance. */
  public void deleteInboxOf(String hub, String instanceId) throws SQLException {
    deleteInboxOf.setString(1, hub);
    deleteInboxOf.setString(2, instanceId);
    deleteInboxOf.executeUpdate();
  }

  /** Stores a scheduled activity task. */
  public void insertActivity(
      long id,
      String hub,
      String instanceId,
      String executionId,
      int taskId,
      byte[] request,
      long now)
      throws SQLException {
    insertActivity.setLong(1, id);
    insertActivity.setString(2, hub);
    insertActivity.setString(3, instanceId);
    insertActivity.setString(4, executionId);
    insertActivity.setInt(5, taskId);
    insertActivity.setBytes(6, request);
    insertActivity.setLong(7, now);
    insertActivity.executeUpdate();
  }

  /** Removes one activity task. */
  public void deleteActivity(long id) throws SQLException {
    deleteActivity.setLong(1, id);
    deleteActivity.executeUpdate();
  }

  /** Removes the activity tasks of an instance. */
  public void deleteActivitiesOf(String hub, String instanceId) throws SQLException {
    deleteActivitiesOf.setString(1, hub);
    deleteActivitiesOf.setString(2, instanceId);
    deleteActivitiesOf.executeUpdate();
  }

  /** An orchestration start an entity requested under schema version 1. */
  public record LegacyStart(String hub, byte[] action, long startAt) {}

  /**
   * Takes (reads and deletes) the orchestration starts entities requested before this scheduler ran
   * orchestrations (schema version 1); the engine starts them now.
   */
  public List<LegacyStart> takeLegacyStarts() throws SQLException {
    List<LegacyStart> out = new ArrayList<>();
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT hub, action, start_at FROM orchestration_starts ORDER BY id")) {
        while (rs.next()) {
          out.add(new LegacyStart(rs.getString(1), rs.getBytes(2), rs.getLong(3)));
        }
      }
      if (!out.isEmpty()) {
        s.executeUpdate("DELETE FROM orchestration_starts");
      }
      // Answers entities stored for orchestrations that never existed here (schema version 1).
      s.executeUpdate(
          "DELETE FROM orchestration_inbox WHERE NOT EXISTS (SELECT 1 FROM instances i"
              + " WHERE i.hub = orchestration_inbox.hub"
              + " AND i.instance_id = orchestration_inbox.instance_id)");
    }
    return out;
  }

  /**
   * The current execution's history of every active instance, read on start (finished instances
   * read theirs on demand). The CROSS JOIN keeps instances as the outer loop, so the history index
   * is probed per active instance instead of the whole history table being scanned; {@code INDEXED
   * BY instances_active} makes that loop walk the active instances only: left to itself SQLite
   * walked the primary key for the ORDER BY, reading every instance row, finished ones included
   * (measured on the soak's data directory: 0.58 s for 22,095 instances, 8 of them active, against
   * 0.5 ms through the index; with a long retention, seconds before the scheduler listens).
   */
  static final String ACTIVE_HISTORY =
      "SELECT i.hub, i.instance_id, i.execution_id, h.event FROM instances i"
          + " INDEXED BY instances_active"
          + " CROSS JOIN history h ON h.hub = i.hub AND h.instance_id = i.instance_id"
          + " AND h.execution_id = i.execution_id"
          + " WHERE i.status IN "
          + ACTIVE_STATUSES
          + " ORDER BY i.hub, i.instance_id, h.seq";

  /**
   * Reads the orchestration rows the engine keeps in memory: the active instances (finished ones
   * stay in the store), their current execution's history, inboxes and activities, each in append
   * order.
   */
  void load(OrchestrationLoader loader) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery(InstanceRows.SELECT_ACTIVE)) {
        while (rs.next()) {
          loader.instance(InstanceRows.row(rs));
        }
      }
      try (ResultSet rs = s.executeQuery(ACTIVE_HISTORY)) {
        while (rs.next()) {
          loader.history(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, hub, instance_id, execution_id, event, due_at"
                  + " FROM orchestration_inbox ORDER BY id")) {
        while (rs.next()) {
          loader.inbox(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getBytes(5),
              rs.getLong(6));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, hub, instance_id, execution_id, task_id, request"
                  + " FROM activities ORDER BY id")) {
        while (rs.next()) {
          loader.activity(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getInt(5),
              rs.getBytes(6));
        }
      }
    }
  }

  /** Closes the statements (they are replaced). */
  void close() {
    for (PreparedStatement p :
        new PreparedStatement[] {
          upsertInstance,
          deleteInstance,
          insertHistory,
          deleteHistory,
          deleteNewestHistory,
          insertInbox,
          deleteInbox,
          deleteInboxOf,
          insertActivity,
          deleteActivity,
          deleteActivitiesOf,
          selectHistory,
          selectInstance
        }) {
      try {
        p.close();
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
