package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The reads that rebuild the engine's memory, on the writer's connection. */
final class StoreLoads {

  private StoreLoads() {}

  /**
   * Reads hubs, entity rows (all, or only the locked ones), locks, the executed messages not yet
   * deleted and the queued messages (without those), in that order.
   */
  static void load(Connection connection, StoreLoader loader, boolean entityRows, boolean messages)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT name FROM task_hubs")) {
        while (rs.next()) {
          loader.hub(rs.getString(1));
        }
      }
      if (entityRows) {
        loadEntityRows(connection, s, loader);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT hub, instance_id, locked_by, lock_critical_section FROM entities WHERE "
                  + Schema.LOCKED_ENTITIES_WHERE)) {
        while (rs.next()) {
          loader.lock(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT id FROM consumed_messages ORDER BY id")) {
        while (rs.next()) {
          loader.consumed(rs.getLong(1));
        }
      }
      if (messages) {
        loadMessages(connection, 0, Long.MAX_VALUE, Integer.MAX_VALUE, loader);
      }
    }
  }

  /**
   * Reads up to {@code limit} queued messages after id {@code after} and up to {@code upTo} in id
   * order (executed ones left out); returns the highest id looked at, or {@code after} when none.
   */
  static long loadMessages(
      Connection connection, long after, long upTo, int limit, StoreLoader loader)
      throws SQLException {
    long last = after;
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT id, hub, instance_id, request_id, kind, parent_instance_id,"
                + " parent_execution_id, event, due_at, enqueued_at, attempts, trace_context"
                + " FROM messages WHERE id > ? AND id <= ?"
                + " AND id NOT IN (SELECT id FROM consumed_messages) ORDER BY id LIMIT ?")) {
      p.setLong(1, after);
      p.setLong(2, upTo);
      p.setInt(3, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          last = rs.getLong(1);
          loader.message(
              new MessageRow(
                  last,
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getBytes(8),
                  rs.getLong(9),
                  rs.getLong(10),
                  rs.getInt(11),
                  rs.getBytes(12)));
        }
      }
    }
    return last;
  }

  /** The highest message row id, or 0. */
  static long maxMessageId(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(id) FROM messages")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static void loadEntityRows(Connection connection, Statement s, StoreLoader loader)
      throws SQLException {
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

  /** Reads the dedup log from {@code seenSince} on, in row-id order. */
  static void loadDedup(Connection connection, long seenSince, long afterId, DedupLoader loader)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id, hub, instance_id, request_id, seen_at FROM dedup_log"
                + " WHERE seen_at >= ? AND id > ? ORDER BY id")) {
      ps.setLong(1, seenSince);
      ps.setLong(2, afterId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          loader.requestId(
              rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
        }
      }
    }
  }

  /** The highest row id of the dedup log, or 0. */
  static long maxDedupId(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(id) FROM dedup_log")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Whether the store holds any entity row. */
  static boolean hasEntityRows(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM entities LIMIT 1")) {
      return rs.next();
    }
  }

  /** {@code PRAGMA integrity_check}: the problems found (at most {@code max}), empty when none. */
  static List<String> integrityProblems(Connection connection, int max) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check(" + max + ")")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equals(line)) {
          problems.add(line);
        }
      }
    }
    return problems;
  }
}
