package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The reads of {@code backlog} (schema version 7) that answer what memory lacks of an entity's
 * queue ({@link BacklogSpan}): on the writer's connection (storage cleaning) and on the read-only
 * ones (GetEntity, QueryEntities, the dashboard). Each is a range of the table's key for one
 * entity, or a walk of that key for a listing, plus, while the fill is not done, a read of the
 * unfilled part of {@code messages} by id.
 */
final class BacklogRows {

  private BacklogRows() {}

  /** One entity's rows after the cursor, outside the unfilled part (hub, instance, span x3). */
  static final String ROWS_OF_ENTITY =
      "SELECT 1 FROM backlog WHERE hub = ? AND instance_id = ? AND id > ?"
          + " AND (id <= ? OR id > ?)";

  /** One entity's messages in the unfilled part (from, to, hub, instance). */
  static final String UNFILLED_OF_ENTITY =
      "SELECT 1 FROM messages WHERE id > ? AND id <= ? AND hub = ? AND instance_id = ?"
          + " AND id NOT IN (SELECT id FROM consumed_messages)";

  /** How many messages of one entity memory lacks. */
  static final String COUNT =
      "SELECT (SELECT count(*) FROM ("
          + ROWS_OF_ENTITY
          + ")) + (SELECT count(*) FROM ("
          + UNFILLED_OF_ENTITY
          + "))";

  /** The entities with rows, from an id on (hub, from, span x3, limit); inclusive or not. */
  private static String entities(boolean inclusive) {
    return "SELECT instance_id FROM backlog WHERE hub = ? AND instance_id "
        + (inclusive ? ">=" : ">")
        + " ? AND id > ? AND (id <= ? OR id > ?) GROUP BY instance_id ORDER BY instance_id LIMIT ?";
  }

  /** The entities with messages in the unfilled part (from, to, hub, from id, limit). */
  private static String unfilledEntities(boolean inclusive) {
    return "SELECT DISTINCT instance_id FROM messages WHERE id > ? AND id <= ? AND hub = ?"
        + " AND instance_id "
        + (inclusive ? ">=" : ">")
        + " ? AND id NOT IN (SELECT id FROM consumed_messages) ORDER BY instance_id LIMIT ?";
  }

  /** Binds {@link #ROWS_OF_ENTITY}, or the first five parameters of a query that begins with it. */
  static void bindRowsOfEntity(PreparedStatement p, String hub, String instanceId, BacklogSpan span)
      throws SQLException {
    p.setString(1, hub);
    p.setString(2, instanceId);
    p.setLong(3, span.after());
    p.setLong(4, span.filledThrough());
    p.setLong(5, span.fillTarget());
  }

  /** Binds {@link #COUNT}. */
  static void bind(PreparedStatement p, String hub, String instanceId, BacklogSpan span)
      throws SQLException {
    bindRowsOfEntity(p, hub, instanceId, span);
    p.setLong(6, span.unfilledAfter());
    p.setLong(7, span.fillTarget());
    p.setString(8, hub);
    p.setString(9, instanceId);
  }

  /** Runs a bound query of one number. */
  static long number(PreparedStatement p) throws SQLException {
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Up to {@code limit} ids of a hub's entities with messages memory lacks, from {@code from} on,
   * sorted (Java's order): the walk of the key of {@code backlog}, and of the unfilled part while
   * the fill is not done. When {@code limit} come back, every such entity up to the last is in.
   */
  static List<String> entities(
      Connection c, String hub, String from, boolean inclusive, int limit, BacklogSpan span)
      throws SQLException {
    TreeSet<String> ids = new TreeSet<>();
    try (PreparedStatement p = c.prepareStatement(entities(inclusive))) {
      p.setString(1, hub);
      p.setString(2, from);
      p.setLong(3, span.after());
      p.setLong(4, span.filledThrough());
      p.setLong(5, span.fillTarget());
      p.setInt(6, limit);
      collect(p, ids);
    }
    if (span.filling()) {
      try (PreparedStatement p = c.prepareStatement(unfilledEntities(inclusive))) {
        p.setLong(1, span.unfilledAfter());
        p.setLong(2, span.fillTarget());
        p.setString(3, hub);
        p.setString(4, from);
        p.setInt(5, limit);
        collect(p, ids);
      }
    }
    List<String> out = new ArrayList<>(Math.min(ids.size(), limit));
    for (String id : ids) {
      if (out.size() == limit) {
        break;
      }
      out.add(id);
    }
    return out;
  }

  /**
   * How many stored messages memory lacks of each of a hub's entities (absent when none), in one
   * snapshot when the caller holds a transaction: a range of the key of {@code backlog} per entity,
   * and one read of the unfilled part of the log for all of them while the fill runs.
   */
  static Map<String, Integer> counts(
      Connection c, String hub, Collection<String> instanceIds, BacklogSpan span)
      throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (PreparedStatement p =
        c.prepareStatement("SELECT count(*) FROM (" + ROWS_OF_ENTITY + ")")) {
      for (String id : instanceIds) {
        bindRowsOfEntity(p, hub, id, span);
        int n = (int) number(p);
        if (n > 0) {
          counts.put(id, n);
        }
      }
    }
    if (span.filling() && !instanceIds.isEmpty()) {
      unfilledCounts(c, hub, instanceIds, span)
          .forEach((id, n) -> counts.merge(id, n, Integer::sum));
    }
    return counts;
  }

  /**
   * How many messages of each of a hub's entities the unfilled part of the log holds (absent when
   * none): one read of that part, by id.
   */
  static Map<String, Integer> unfilledCounts(
      Connection c, String hub, Collection<String> instanceIds, BacklogSpan span)
      throws SQLException {
    String marks = String.join(",", Collections.nCopies(instanceIds.size(), "?"));
    Map<String, Integer> found = new HashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT instance_id, count(*) FROM messages WHERE id > ? AND id <= ? AND hub = ?"
                + " AND instance_id IN ("
                + marks
                + ") AND id NOT IN (SELECT id FROM consumed_messages) GROUP BY instance_id")) {
      p.setLong(1, span.unfilledAfter());
      p.setLong(2, span.fillTarget());
      p.setString(3, hub);
      int i = 4;
      for (String id : instanceIds) {
        p.setString(i++, id);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return found;
  }

  private static void collect(PreparedStatement p, TreeSet<String> ids) throws SQLException {
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
  }
}
