package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Reads stored histories for the read paths ({@code StreamInstanceHistory}, the dashboard) on
 * read-only connections of their own, so a read never waits for the writer nor makes it wait: in
 * WAL mode each query reads a snapshot of what was committed when it began.
 *
 * <p>Connections are opened on first use and kept for the next read (a few at most); {@link
 * #close()} closes them. Safe for concurrent readers: each read takes a connection of its own.
 */
public final class HistoryReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HistoryReader.class);

  /** Idle connections kept for later reads. */
  private static final int MAX_IDLE = 2;

  /** One execution's events in order (served by the index on hub, instance, execution, seq). */
  static final String SELECT =
      "SELECT event FROM history WHERE hub = ? AND instance_id = ? AND execution_id = ?"
          + " ORDER BY seq";

  private final String url;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  private HistoryReader(String url) {
    this.url = url;
  }

  /** A reader of the database file {@code file} (the writer must have set up WAL mode). */
  public static HistoryReader of(String file) {
    return new HistoryReader("jdbc:sqlite:" + file);
  }

  /**
   * The events of one execution as stored, in order; empty when the store has none (the instance
   * was purged or replaced meanwhile).
   */
  public List<byte[]> read(String hub, String instanceId, String executionId) throws SQLException {
    Connection c = take();
    boolean healthy = false;
    try {
      List<byte[]> events;
      try (PreparedStatement p = c.prepareStatement(SELECT)) {
        events = events(p, hub, instanceId, executionId);
      }
      healthy = true;
      return events;
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
        throw new SQLException("The history reader is closed (the scheduler is shutting down)");
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
      log.debug("Could not close a history read connection", e);
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
    open.forEach(HistoryReader::closeQuietly);
  }
}
