package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code instances} reads, shared by the writer's connection and the read-only ones. Memory
 * holds only active instances; finished ones are read here (schema version 5 indexes the active
 * ones, the finished ones by completion time and sub-orchestrations by parent).
 */
final class InstanceRows {

  /**
   * The {@code OrchestrationStatus} numbers of instances that can still run (running 0, pending 6,
   * suspended 7), as an SQL list: the partial indexes' WHERE clauses use it word for word.
   */
  static final String ACTIVE_STATUSES = "(0, 6, 7)";

  static final String COLUMNS =
      "SELECT hub, instance_id, execution_id, name, version, status, input, output,"
          + " custom_status, failure_details, created_at, last_updated, completed_at,"
          + " scheduled_start, parent_instance_id, parent FROM instances";

  static final String SELECT_ONE = COLUMNS + " WHERE hub = ? AND instance_id = ?";

  /** The active instances (start-up), through the partial index {@code instances_active}. */
  static final String SELECT_ACTIVE = COLUMNS + " WHERE status IN " + ACTIVE_STATUSES;

  private InstanceRows() {}

  static InstanceRow one(PreparedStatement p, String hub, String instanceId) throws SQLException {
    p.setString(1, hub);
    p.setString(2, instanceId);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? row(rs) : null;
    }
  }

  static InstanceRow row(ResultSet rs) throws SQLException {
    return new InstanceRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getInt(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getBytes(10),
        rs.getLong(11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getLong(14),
        rs.getString(15),
        rs.getBytes(16));
  }

  static List<InstanceRow> page(Connection c, InstanceSelection q) throws SQLException {
    StringBuilder sql =
        new StringBuilder(COLUMNS)
            .append(" WHERE hub = ? AND instance_id ")
            .append(q.inclusive() ? ">=" : ">")
            .append(" ?");
    if (!q.statuses().isEmpty()) {
      sql.append(" AND status IN (")
          .append(q.statuses().stream().map(String::valueOf).collect(Collectors.joining(", ")))
          .append(')');
    }
    if (q.finishedOnly()) {
      sql.append(" AND status NOT IN ").append(ACTIVE_STATUSES);
    }
    sql.append(" AND created_at >= ? AND created_at <= ?");
    if (q.byCompletion()) {
      sql.append(" AND completed_at > 0 AND completed_at >= ? AND completed_at <= ?");
    }
    sql.append(" ORDER BY instance_id LIMIT ?");
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      int i = 1;
      p.setString(i++, q.hub());
      p.setString(i++, q.from());
      p.setLong(i++, q.createdFrom());
      p.setLong(i++, q.createdTo());
      if (q.byCompletion()) {
        p.setLong(i++, q.completedFrom());
        p.setLong(i++, q.completedTo());
      }
      p.setInt(i, q.limit());
      List<InstanceRow> rows = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    }
  }

  static Map<Integer, Integer> statusCounts(Connection c, String hub) throws SQLException {
    Map<Integer, Integer> counts = new HashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT status, count(*) FROM instances WHERE hub = ? GROUP BY status")) {
      p.setString(1, hub);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getInt(1), rs.getInt(2));
        }
      }
    }
    return counts;
  }

  /** The finished sub-orchestrations of a parent (index {@code instances_by_parent}). */
  static List<String> finishedChildren(Connection c, String hub, String parentId)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT instance_id FROM instances WHERE hub = ? AND parent_instance_id = ?"
                + " AND parent_instance_id IS NOT NULL AND status NOT IN "
                + ACTIVE_STATUSES)) {
      p.setString(1, hub);
      p.setString(2, parentId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /**
   * Up to {@code limit} finished instances that finished before {@code cutoff}, oldest first, as
   * {hub, instance id} (index {@code instances_finished}).
   */
  static List<String[]> finishedBefore(Connection c, long cutoff, int limit) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT hub, instance_id FROM instances WHERE status NOT IN "
                + ACTIVE_STATUSES
                + " AND completed_at < ? ORDER BY completed_at LIMIT ?")) {
      p.setLong(1, cutoff);
      p.setInt(2, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return out;
  }
}
