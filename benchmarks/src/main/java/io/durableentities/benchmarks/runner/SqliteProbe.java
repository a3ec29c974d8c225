package io.durableentities.benchmarks.runner;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The SQLite limits of this machine (B2): WAL, {@code synchronous=FULL}, one connection, autocommit
 * off, 200-byte rows appended by rowid; and the plain batch append the write-amplification figure
 * compares against.
 */
final class SqliteProbe {

  private static final int PAYLOAD_BYTES = 200;

  private SqliteProbe() {}

  /** Opens a database file the way the scheduler does (WAL, FULL, autocommit off). */
  static Connection open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = FULL");
    }
    c.setAutoCommit(false);
    return c;
  }

  /**
   * Commit latencies of transactions that append {@code rowsPerCommit} rows each.
   *
   * @param dir an empty directory for the database
   * @param commits measured commits (as many again run first as a warm-up)
   * @param rowsPerCommit rows per transaction
   * @return the latency of each measured commit (insert and commit)
   */
  static LatencyRecorder commits(Path dir, int commits, int rowsPerCommit) throws SQLException {
    return commits(dir, commits, rowsPerCommit, 0);
  }

  /**
   * Commit latencies of transactions that append {@code rowsPerCommit} rows each, each begun after
   * the thread stayed idle for {@code idleNanos}: the pace of a sequential client, whose commits
   * are never back to back.
   *
   * @param dir an empty directory for the database
   * @param commits measured commits (as many again run first as a warm-up)
   * @param rowsPerCommit rows per transaction
   * @param idleNanos how long the thread parks before each transaction (0: back to back)
   * @return the latency of each measured commit (insert and commit, not the idle time)
   */
  static LatencyRecorder commits(Path dir, int commits, int rowsPerCommit, long idleNanos)
      throws SQLException {
    byte[] payload = new byte[PAYLOAD_BYTES];
    ThreadLocalRandom.current().nextBytes(payload);
    LatencyRecorder latencies = new LatencyRecorder();
    try (Connection c = open(dir.resolve("probe.db"))) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
      }
      c.commit();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO log (payload) VALUES (?)")) {
        for (int i = 0; i < commits * 2; i++) {
          if (idleNanos > 0) {
            LockSupport.parkNanos(idleNanos);
          }
          long start = System.nanoTime();
          for (int r = 0; r < rowsPerCommit; r++) {
            insert.setBytes(1, payload);
            insert.executeUpdate();
          }
          c.commit();
          if (i >= commits) {
            latencies.record(System.nanoTime() - start);
          }
        }
      }
    }
    return latencies;
  }

  /**
   * The logical rows of durable signals appended in batches of 100 rows: per signal one message row
   * (hub, entity, request id, a 100-byte event, times) and one state row (hub, entity, state JSON,
   * time), in an append-ordered table. Closing the connection checkpoints the WAL.
   *
   * @return bytes written to storage per signal ({@code /proc/self/io}), or NaN when unknown
   */
  static double batchAppendBytesPerSignal(Path dir, int signals) throws SQLException {
    byte[] event = new byte[100];
    ThreadLocalRandom.current().nextBytes(event);
    long before = DiskIo.writeBytes();
    try (Connection c = open(dir.resolve("baseline.db"))) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE log (id INTEGER PRIMARY KEY, hub TEXT NOT NULL, instance_id TEXT NOT"
                + " NULL, request_id TEXT, body BLOB, at INTEGER NOT NULL)");
      }
      c.commit();
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO log (hub, instance_id, request_id, body, at) VALUES (?, ?, ?, ?, ?)")) {
        int rows = 0;
        for (int i = 0; i < signals; i++) {
          String entity = "@counter@c" + (i % 1000);
          insert.setString(1, "default");
          insert.setString(2, entity);
          insert.setString(3, java.util.UUID.randomUUID().toString());
          insert.setBytes(4, event);
          insert.setLong(5, System.currentTimeMillis());
          insert.executeUpdate();
          insert.setString(1, "default");
          insert.setString(2, entity);
          insert.setNull(3, java.sql.Types.VARCHAR);
          insert.setBytes(4, Long.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          insert.setLong(5, System.currentTimeMillis());
          insert.executeUpdate();
          rows += 2;
          if (rows % 100 == 0) {
            c.commit();
          }
        }
        c.commit();
      }
    }
    long after = DiskIo.writeBytes();
    return before < 0 || after < 0 ? Double.NaN : (after - before) / (double) signals;
  }

  /**
   * Runs {@code SELECT count(*)} over tables of a database, the full-scan baseline of a restart.
   *
   * @return the rows counted per table, in the order given; the time is measured by the caller
   */
  static long[] countRows(Path file, List<String> tables) throws SQLException {
    long[] counts = new long[tables.size()];
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement()) {
      for (int i = 0; i < tables.size(); i++) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + tables.get(i))) {
          counts[i] = rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
    return counts;
  }
}
