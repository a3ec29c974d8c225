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
 * <p>The WAL only starts over from its beginning when a write transaction begins while all of it is
 * copied. Under a steady stream of commits that never happens by itself: a pass copies the frames
 * that were there when it began (SQLite then reports them all as copied), while the writer appends
 * more. So the thread repeats its pass until one pass had fewer than {@value #FINISH_BELOW_FRAMES}
 * new frames to copy, and then the writer itself runs one more passive checkpoint right after its
 * next commit ({@link #afterCommit}): no frame can arrive meanwhile, the pass copies only the few
 * frames of the last moments, and the writer's next transaction starts the WAL over. That bounds
 * the WAL at about {@value #WAKE_EVERY_COMMITS} commits' worth of pages.
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
      long copiedBefore = 0;
      for (int pass = 0; pass < MAX_PASSES && !closed; pass++) {
        long[] result = checkpoint();
        if (result == null) {
          break;
        }
        long frames = result[0];
        long copied = result[1];
        // Frames this pass had to copy: those appended since the previous pass copied its share.
        // The first pass counts all, since frames copied before it may have been overwritten.
        long work = pass == 0 ? frames : frames - copiedBefore;
        if (work < FINISH_BELOW_FRAMES && frames - copied < FINISH_BELOW_FRAMES) {
          finishPending = frames > 0;
          break;
        }
        copiedBefore = copied;
      }
    }
  }

  /**
   * Runs one passive checkpoint; returns the WAL's frames when it began and how many of them are
   * now in the database, or null when it could not run.
   */
  private long[] checkpoint() {
    runLock.lock();
    try {
      if (closed) {
        return null;
      }
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        if (rs.next()) {
          long frames = rs.getLong(2);
          long copied = rs.getLong(3);
          log.trace("Checkpoint of {}: {} of {} WAL frames copied", where, copied, frames);
          return new long[] {frames, copied};
        }
      }
    } catch (SQLException e) {
      log.warn("Could not checkpoint the WAL of {}; retried later", where, e);
    } finally {
      runLock.unlock();
    }
    return null;
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
