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
 * reads a snapshot of what was committed when it began. A {@link Snapshot} (the queued messages
 * memory lacks while a backlog is pending) is begun under the writer lock, so that it reads the
 * commit memory shows: a short read the writer waits for, its counts done after the lock.
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
   * Begins a read transaction on a connection of the pool: the store as last committed now. Begun
   * under the writer lock, it sees exactly the state memory shows (the writer commits under that
   * lock), so that a count read in it after the lock is released adds to what memory held just what
   * memory lacked, though the pager moves messages into memory meanwhile. Close it when done.
   */
  public Snapshot snapshot() throws SQLException {
    Connection c = take();
    try {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1 FROM backlog LIMIT 1")) {
        rs.next(); // a read: the transaction's snapshot is taken here
      }
      return new Snapshot(c);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** A read transaction begun by {@link #snapshot()}; one thread at a time. */
  public final class Snapshot implements AutoCloseable {
    private final Connection c;
    private boolean healthy = true;

    private Snapshot(Connection c) {
      this.c = c;
    }

    /**
     * How many stored messages of an entity memory lacks while a backlog is pending, as {@code
     * span} (seen under the writer lock) tells, in this snapshot: a range of the key of {@code
     * backlog} (that entity's keys only), plus the part of the log the fill has not copied yet,
     * read by id.
     */
    public int queuedAfter(String hub, String instanceId, BacklogSpan span) throws SQLException {
      healthy = false;
      try (PreparedStatement p = c.prepareStatement(BacklogRows.COUNT)) {
        BacklogRows.bind(p, hub, instanceId, span);
        int n = (int) BacklogRows.number(p);
        healthy = true;
        return n;
      }
    }

    /**
     * How many stored messages of each of several entities of a hub memory lacks, as {@code span}
     * tells, in this snapshot: a range of the key of {@code backlog} per entity, plus one read of
     * the part of the log the fill has not copied yet, by id. The counts by id (absent when none).
     */
    public Map<String, Integer> queuedAfter(
        String hub, Collection<String> instanceIds, BacklogSpan span) throws SQLException {
      healthy = false;
      Map<String, Integer> counts = BacklogRows.counts(c, hub, instanceIds, span);
      healthy = true;
      return counts;
    }

    /** Ends the transaction and gives the connection back. */
    @Override
    public void close() {
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException e) {
        healthy = false;
      }
      give(c, healthy);
    }
  }

  /**
   * Up to {@code limit} ids of a hub's entities with stored messages memory lacks ({@code span}),
   * from {@code from} on (inclusive or not), sorted; when {@code limit} come back, every such
   * entity up to the last is among them. A walk of the key of {@code backlog} that reads only the
   * keys of the entities it lists (plus the unfilled part of the log while the fill is not done).
   */
  public List<String> queuedEntities(
      String hub, String from, boolean inclusive, int limit, BacklogSpan span) throws SQLException {
    return withConnection(
        c -> {
          c.setAutoCommit(false); // one read transaction for both reads
          try {
            return BacklogRows.entities(c, hub, from, inclusive, limit, span);
          } finally {
            c.rollback();
            c.setAutoCommit(true);
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
