package io.durableentities.scheduler.internal.engine;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes the store and the engine's memory, with group commit.
 *
 * <p>Callers {@link #submit} work; the thread takes what is queued (up to {@value #MAX_GROUP}),
 * runs each piece under the engine lock inside one SQLite transaction, commits once (one fsync),
 * completes each caller's future, and then runs the after-commit hook (dispatch). So an
 * acknowledged signal is durable, its acknowledgement does not wait for dispatch, and N concurrent
 * requests cost one fsync instead of N. When other writers are active ({@link CommitDelay}) the
 * thread goes on taking work that arrives for a little while before it commits, so that the group's
 * commit writes each touched page once for more requests; it runs each piece as it takes it, so
 * that the wait overlaps the work instead of adding to it. The engine lock is held from the first
 * piece to the end of dispatch, so nothing reads memory a group changed before its commit.
 *
 * <p>A piece of work validates before it changes anything and reports a bad request by throwing
 * {@link StatusRuntimeException}; other pieces of the group are unaffected. A piece that must
 * change state and still answer with an error (e.g. an oversized completion that counts as an
 * abandon) calls {@link WriteContext#failAfterCommit}. Any other failure (storage error, bug) rolls
 * the whole group back, rebuilds memory from the store and fails every caller of the group with
 * UNAVAILABLE.
 */
final class GroupCommitWriter {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  static final int MAX_GROUP = 1000;

  /** A piece of work run on the writer thread. */
  interface Work<T> {
    T run(WriteContext ctx) throws SQLException;
  }

  /** What a piece of work sees: the group's clock reading and a way to fail after commit. */
  static final class WriteContext {
    final long now;
    private StatusRuntimeException deferred;

    WriteContext(long now) {
      this.now = now;
    }

    /** Answers the caller with this error once the group is committed. */
    void failAfterCommit(StatusRuntimeException error) {
      this.deferred = error;
    }
  }

  /** Hooks into the engine. */
  interface Hooks {
    /** Runs before each commit, inside the group's transaction (lock processing). */
    default void beforeCommit(long now) throws SQLException {}

    /** Commits the open transaction (one fsync). */
    void commit() throws SQLException;

    /** Rolls back and rebuilds memory from the store after a failed group. */
    void recover(Exception cause);

    /** Runs after each committed group, still under the lock (dispatch). */
    void afterCommit(long now);
  }

  private static final class Submission<T> {
    final Work<T> work;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;
    RuntimeException error;

    Submission(Work<T> work) {
      this.work = work;
    }

    void run(WriteContext ctx) throws SQLException {
      result = work.run(ctx);
      error = ctx.deferred;
    }

    void finish() {
      if (error != null) {
        future.completeExceptionally(error);
      } else {
        future.complete(result);
      }
    }
  }

  private final BlockingQueue<Submission<?>> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock lock;
  private final Clock clock;
  private final Hooks hooks;
  private final CommitDelay commitDelay;
  private final Thread thread;
  private volatile boolean stopping;
  private int previousGroupSize;

  GroupCommitWriter(ReentrantLock lock, Clock clock, Hooks hooks) {
    this(lock, clock, hooks, CommitDelay.DEFAULT);
  }

  GroupCommitWriter(ReentrantLock lock, Clock clock, Hooks hooks, CommitDelay commitDelay) {
    this.lock = lock;
    this.clock = clock;
    this.hooks = hooks;
    this.commitDelay = commitDelay;
    this.thread = new Thread(this::loop, "scheduler-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues work; the future completes after the group holding it is committed. */
  <T> CompletableFuture<T> submit(Work<T> work) {
    Submission<T> s = new Submission<>(work);
    if (stopping) {
      s.future.completeExceptionally(shuttingDown());
      return s.future;
    }
    queue.add(s);
    if (stopping && queue.remove(s)) {
      s.future.completeExceptionally(shuttingDown());
    }
    return s.future;
  }

  /** Stops taking work, finishes what is queued, and waits for the thread. */
  void stop() throws InterruptedException {
    stopping = true;
    thread.join();
    Submission<?> s;
    while ((s = queue.poll()) != null) {
      s.future.completeExceptionally(shuttingDown());
    }
  }

  private static StatusRuntimeException shuttingDown() {
    return Status.UNAVAILABLE
        .withDescription("The scheduler is shutting down")
        .asRuntimeException();
  }

  private void loop() {
    List<Submission<?>> group = new ArrayList<>();
    while (true) {
      try {
        Submission<?> first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping) {
            return;
          }
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        runGroup(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        log.error("The scheduler writer failed unexpectedly", e);
      } finally {
        group.clear();
      }
    }
  }

  /**
   * Runs a group in one transaction: the pieces taken from the queue, then, when other writers are
   * active, each piece that arrives within the commit delay as it arrives (so the wait for more
   * work overlaps running it instead of coming before it); then commits once, answers every caller
   * and dispatches.
   */
  private void runGroup(List<Submission<?>> group) {
    long now = clock.millis();
    int queued = group.size();
    long delay = commitDelay.delayFor(queued, previousGroupSize);
    previousGroupSize = queued;
    lock.lock();
    try {
      try {
        runPieces(group, 0, now);
        if (delay > 0) {
          gatherMore(group, System.nanoTime() + delay, now);
        }
        hooks.beforeCommit(now);
        hooks.commit();
      } catch (SQLException | RuntimeException e) {
        log.error("A group of {} writes failed and was rolled back", group.size(), e);
        hooks.recover(e);
        StatusRuntimeException failure =
            Status.UNAVAILABLE
                .withDescription("The scheduler could not store the request: " + e)
                .withCause(e)
                .asRuntimeException();
        for (Submission<?> s : group) {
          s.error = failure;
        }
      }
      for (Submission<?> s : group) {
        s.finish();
      }
      try {
        hooks.afterCommit(now);
      } catch (RuntimeException e) {
        log.error("Dispatching after a commit failed; it is retried on the next commit or tick", e);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes and runs more work until the deadline, and only while work keeps coming: the wait ends
   * after {@link CommitDelay#idleNanos} without a new submission, so a caller that happens to
   * follow a large group is held back at most that long. An interrupt ends the wait (the group is
   * still committed; the loop then sees the interrupt).
   */
  private void gatherMore(List<Submission<?>> group, long deadline, long now) throws SQLException {
    while (group.size() < MAX_GROUP) {
      long left = Math.min(deadline - System.nanoTime(), commitDelay.idleNanos());
      Submission<?> next;
      try {
        next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next == null) {
        return;
      }
      int from = group.size();
      group.add(next);
      queue.drainTo(group, MAX_GROUP - group.size());
      runPieces(group, from, now);
    }
  }

  /** Runs the pieces of the group from index {@code from} on, in the open transaction. */
  private static void runPieces(List<Submission<?>> group, int from, long now) throws SQLException {
    for (int i = from; i < group.size(); i++) {
      Submission<?> s = group.get(i);
      try {
        s.run(new WriteContext(now));
      } catch (StatusRuntimeException e) {
        s.error = e;
      }
    }
  }
}
