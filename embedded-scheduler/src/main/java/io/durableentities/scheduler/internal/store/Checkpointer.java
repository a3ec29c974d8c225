package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints the WAL off the writer's commit path. The store's connection runs with {@code
 * wal_autocheckpoint = 0} (SQLite would otherwise copy the WAL into the database inside the commit
 * that crosses the threshold, a latency spike for the callers of that group); this class owns a
 * second connection and a thread that runs {@code PRAGMA wal_checkpoint(PASSIVE)}, which never
 * blocks the writer, every {@value #WAKE_EVERY_COMMITS} commits (or after {@value #IDLE_MILLIS} ms
 * with any commit). Checkpointing seldom matters for the bytes written: each pass writes every page
 * changed since the last one into the database file again, and the hot pages (entity rows, the ends
 * of the logs) change in nearly every commit.
 *
 * <p>A passive checkpoint under a steady stream of commits rarely copies the last frames, and the
 * WAL only starts over from its beginning when all of it was copied. So the thread repeats its pass
 * until fewer than {@value #FINISH_BELOW_FRAMES} frames are left, and then the writer itself runs
 * one more passive checkpoint right after its next commit ({@link #afterCommit}): no frame can
 * arrive meanwhile, the pass copies only those last frames, and the next transaction starts the WAL
 * over. That bounds the WAL at about {@value #WAKE_EVERY_COMMITS} commits' worth of pages.
 */
final class Checkpointer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  static final int WAKE_EVERY_COMMITS = 1000;
  static final long IDLE_MILLIS = 2000;
  static final int FINISH_BELOW_FRAMES = 256;
  private static final int MAX_PASSES = 8;

  private final Connection connection;
  private final String where;
  private final ReentrantLock runLock = new ReentrantLock();
  private final ReentrantLock wakeLock = new ReentrantLock();
  private final Condition wake = wakeLock.newCondition();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean finishPending;
  private volatile int commitsSinceCheckpoint;

  Checkpointer(String file, String where) throws SQLException {
    this.connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    this.where = where;
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA synchronous = FULL");
      s.execute("PRAGMA busy_timeout = 5000");
    }
    this.thread = new Thread(this::loop, "scheduler-checkpointer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Called by the writer after each commit, outside any transaction. */
  void afterCommit() {
    int commits = ++commitsSinceCheckpoint;
    if (finishPending) {
      finishPending = false;
      checkpoint();
    } else if (commits == WAKE_EVERY_COMMITS) {
      wakeLock.lock();
      try {
        wake.signal();
      } finally {
        wakeLock.unlock();
      }
    }
  }

  private void loop() {
    while (!closed) {
      wakeLock.lock();
      try {
        if (commitsSinceCheckpoint < WAKE_EVERY_COMMITS) {
          wake.await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        wakeLock.unlock();
      }
      if (closed || commitsSinceCheckpoint == 0) {
        continue;
      }
      commitsSinceCheckpoint = 0;
      for (int pass = 0; pass < MAX_PASSES && !closed; pass++) {
        int left = checkpoint();
        if (left < FINISH_BELOW_FRAMES) {
          finishPending = left > 0;
          break;
        }
      }
    }
  }

  /** Runs one passive checkpoint; returns the frames it left uncopied (0 on failure). */
  private int checkpoint() {
    runLock.lock();
    try {
      if (closed) {
        return 0;
      }
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        if (rs.next()) {
          int frames = rs.getInt(2);
          int copied = rs.getInt(3);
          log.trace("Checkpoint of {}: {} of {} WAL frames copied", where, copied, frames);
          return Math.max(0, frames - copied);
        }
      }
    } catch (SQLException e) {
      log.warn("Could not checkpoint the WAL of {}; retried later", where, e);
    } finally {
      runLock.unlock();
    }
    return 0;
  }

  @Override
  public void close() throws SQLException {
    closed = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runLock.lock();
    try {
      connection.close();
    } finally {
      runLock.unlock();
    }
  }
}
