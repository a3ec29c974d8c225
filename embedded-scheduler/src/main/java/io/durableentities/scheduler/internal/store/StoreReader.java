package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Reads what the engine does not keep in memory for the read paths: finished instances and their
 * histories ({@code GetInstance}, the queries, {@code StreamInstanceHistory}, the dashboard) and
 * entity rows ({@code GetEntity}, {@code QueryEntities}, the dashboard), on read-only connections
 * of their own, so a read never waits for the writer nor makes it wait: in WAL mode each query
 * reads a snapshot of what was committed when it began.
 *
 * <p>Connections are opened on first use and kept for the next read (a few at most); {@link
 * #close()} closes them. Safe for concurrent readers: each read takes a connection of its own.
 */
public final class StoreReader implements AutoCloseable, InstanceSource {

  private static final Logger log = LoggerFactory.getLogger(StoreReader.class);

  /** Idle connections kept for later reads. */
  private static final int MAX_IDLE = 2;

  /** One execution's events in order (served by the index on hub, instance, execution, seq). */
  static final String SELECT =
      "SELECT event FROM history WHERE hub = ? AND instance_id = ? AND execution_id = ?"
          + " ORDER BY seq";

  private final String url;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  private StoreReader(String url) {
    this.url = url;
  }

  /** A reader of the database file {@code file} (the writer must have set up WAL mode). */
  public static StoreReader of(String file) {
    return new StoreReader("jdbc:sqlite:" + file);
  }

  /**
   * The events of one execution as stored, in order; empty when the store has none (the instance
   * was purged or replaced meanwhile).
   */
  public List<byte[]> read(String hub, String instanceId, String executionId) throws SQLException {
    return withConnection(
        c -> {
          try (PreparedStatement p = c.prepareStatement(SELECT)) {
            return events(p, hub, instanceId, executionId);
          }
        });
  }

  @Override
  public List<byte[]> history(String hub, String instanceId, String executionId)
      throws SQLException {
    return read(hub, instanceId, executionId);
  }

  @Override
  public InstanceRow instance(String hub, String instanceId) throws SQLException {
    return withConnection(
        c -> {
          try (PreparedStatement p = c.prepareStatement(InstanceRows.SELECT_ONE)) {
            return InstanceRows.one(p, hub, instanceId);
          }
        });
  }

  @Override
  public List<InstanceRow> instances(InstanceSelection q) throws SQLException {
    return withConnection(c -> InstanceRows.page(c, q));
  }

  @Override
  public Map<Integer, Integer> statusCounts(String hub) throws SQLException {
    return withConnection(c -> InstanceRows.statusCounts(c, hub));
  }

  /** The committed row of an entity, or null when it has none. */
  public EntityRow entity(String hub, String instanceId) throws SQLException {
    return withConnection(
        c -> {
          try (PreparedStatement p = c.prepareStatement(EntityRows.SELECT_ONE)) {
            return EntityRows.one(p, hub, instanceId);
          }
        });
  }

  /**
   * How many committed, not executed, queued messages of an entity have an id after {@code after}
   * (the messages memory may lack while a backlog is pending). The log has no index by entity, so
   * this reads every message after that id: a cost of the backlog's size, paid only for an entity
   * whose queue memory lacks.
   */
  public int queuedAfter(String hub, String instanceId, long after) throws SQLException {
    return withConnection(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT count(*) FROM messages WHERE id > ? AND hub = ? AND instance_id = ?"
                      + " AND id NOT IN (SELECT id FROM consumed_messages)")) {
            p.setLong(1, after);
            p.setString(2, hub);
            p.setString(3, instanceId);
            try (var rs = p.executeQuery()) {
              return rs.next() ? rs.getInt(1) : 0;
            }
          }
        });
  }

  /**
   * Like {@link #queuedAfter(String, String, long)} for several entities of a hub in one read of
   * the messages after {@code after}: the counts by id (absent when none).
   */
  public Map<String, Integer> queuedAfter(String hub, Collection<String> instanceIds, long after)
      throws SQLException {
    return withConnection(
        c -> {
          String marks = String.join(",", java.util.Collections.nCopies(instanceIds.size(), "?"));
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT instance_id, count(*) FROM messages WHERE id > ? AND hub = ?"
                      + " AND instance_id IN ("
                      + marks
                      + ") AND id NOT IN (SELECT id FROM consumed_messages) GROUP BY instance_id")) {
            p.setLong(1, after);
            p.setString(2, hub);
            int i = 3;
            for (String id : instanceIds) {
              p.setString(i++, id);
            }
            Map<String, Integer> counts = new java.util.HashMap<>();
            try (var rs = p.executeQuery()) {
              while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
              }
            }
            return counts;
          }
        });
  }

  /**
   * Up to {@code limit} committed entity rows of a hub from {@code from} on (inclusive or not), in
   * the store's id order; fewer once their states reach {@code maxStateChars} characters.
   */
  public List<EntityRow> entities(
      String hub, String from, boolean inclusive, int limit, long maxStateChars)
      throws SQLException {
    return withConnection(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(inclusive ? EntityRows.SELECT_FROM : EntityRows.SELECT_AFTER)) {
            return EntityRows.page(p, hub, from, limit, maxStateChars);
          }
        });
  }

  /** A read on a connection of the pool. */
  private interface Read<T> {
    T on(Connection c) throws SQLException;
  }

  private <T> T withConnection(Read<T> read) throws SQLException {
    Connection c = take();
    boolean healthy = false;
    try {
      T result = read.on(c);
      healthy = true;
      return result;
    } finally {
      give(c, healthy);
    }
  }

  /** Runs {@link #SELECT} prepared on some connection. */
  static List<byte[]> events(PreparedStatement p, String hub, String instanceId, String executionId)
      throws SQLException {
    p.setString(1, hub);
    p.setString(2, instanceId);
    p.setString(3, executionId);
    List<byte[]> events = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        events.add(rs.getBytes(1));
      }
    }
    return events;
  }

  private Connection take() throws SQLException {
    synchronized (idle) {
      if (closed) {
        throw new SQLException("The store reader is closed (the scheduler is shutting down)");
      }
      Connection c = idle.poll();
      if (c != null) {
        return c;
      }
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    Connection c = DriverManager.getConnection(url, config.toProperties());
    try (Statement s = c.createStatement()) {
      // Reads nothing uncommitted and never writes; the journal mode comes from the file (WAL).
      s.execute("PRAGMA query_only = true");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void give(Connection c, boolean healthy) {
    synchronized (idle) {
      if (healthy && !closed && idle.size() < MAX_IDLE) {
        idle.push(c);
        return;
      }
    }
    closeQuietly(c);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("Could not close a read connection", e);
    }
  }

  /** Closes the idle connections; reads in progress close theirs when done. */
  @Override
  public void close() {
    List<Connection> open;
    synchronized (idle) {
      closed = true;
      open = new ArrayList<>(idle);
      idle.clear();
    }
    open.forEach(StoreReader::closeQuietly);
  }
}
