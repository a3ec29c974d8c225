package io.durableentities.scheduler.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The entity-row reads, shared by the writer's connection and the read-only ones. */
final class EntityRows {

  private static final String COLUMNS =
      "SELECT instance_id, state, locked_by, lock_critical_section, last_modified FROM entities";

  /** One row by key. */
  static final String SELECT_ONE = COLUMNS + " WHERE hub = ? AND instance_id = ?";

  /** Rows from an id on (the primary key's range and order). */
  static final String SELECT_FROM =
      COLUMNS + " WHERE hub = ? AND instance_id >= ? ORDER BY instance_id LIMIT ?";

  /** Rows after an id. */
  static final String SELECT_AFTER =
      COLUMNS + " WHERE hub = ? AND instance_id > ? ORDER BY instance_id LIMIT ?";

  private EntityRows() {}

  static EntityRow one(PreparedStatement p, String hub, String instanceId) throws SQLException {
    p.setString(1, hub);
    p.setString(2, instanceId);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? row(rs) : null;
    }
  }

  /**
   * Up to {@code limit} rows, fewer once their states reach {@code maxStateChars} characters (at
   * least one row), so that a page of large states is not read whole into memory.
   */
  static List<EntityRow> page(
      PreparedStatement p, String hub, String from, int limit, long maxStateChars)
      throws SQLException {
    p.setString(1, hub);
    p.setString(2, from);
    p.setInt(3, limit);
    List<EntityRow> rows = new ArrayList<>();
    long chars = 0;
    try (ResultSet rs = p.executeQuery()) {
      while (chars < maxStateChars && rs.next()) {
        EntityRow row = row(rs);
        rows.add(row);
        chars += row.state() == null ? 0 : row.state().length();
      }
    }
    return rows;
  }

  private static EntityRow row(ResultSet rs) throws SQLException {
    return new EntityRow(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
  }
}
