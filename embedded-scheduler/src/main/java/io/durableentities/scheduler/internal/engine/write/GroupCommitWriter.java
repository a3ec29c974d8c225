package io.durableentities.scheduler.internal.engine.write;

import io.durableentities.scheduler.internal.engine.state.WriterLock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes the store and the engine's memory, with group commit.
 *
 * <p>Callers {@link #submit} work; the thread takes what is queued (up to {@value #MAX_GROUP}),
 * runs each piece under the writer lock inside one SQLite transaction, commits once (one fsync),
 * completes each caller's future, and then runs the after-commit hook (dispatch). So an
 * acknowledged signal is durable, its acknowledgement does not wait for dispatch, and N concurrent
 * requests cost one fsync instead of N. When other writers are active ({@link CommitDelay}) the
 * thread goes on taking work that arrives for a little while before it commits, so that the group's
 * commit writes each touched page once for more requests; it runs each piece as it takes it, so
 * that the wait overlaps the work instead of adding to it. The lock is held from the first piece to
 * the end of dispatch, so nothing reads memory a group changed before its commit.
 *
 * <p>A piece that fails without having changed anything ({@link Hooks#changes()} did not move and
 * the store kept its transaction) fails alone, answered with its error; the rest of the group goes
 * on. Any other failure (after a change, in the commit, or one that cost the store its transaction)
 * fails the whole group: the engine rolls back and rebuilds memory from the store ({@link
 * Hooks#recover}), the failing piece is answered with its error and the others with UNAVAILABLE
 * ({@link StorageFailures#bystander}), and nothing of the group is stored.
 */
public final class GroupCommitWriter {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** The most pieces of work in one group. */
  public static final int MAX_GROUP = 1000;

  /** Hooks into the engine. */
  public interface Hooks {
    /**
     * Runs each time before the writer waits for queued work, without the lock; the writer takes
     * nothing while it blocks (a seam: a test holds it so that the requests it makes meanwhile are
     * taken together, in one group).
     */
    default void beforeTaking() throws InterruptedException {}

    /** Runs before each commit, inside the group's transaction (lock processing). */
    default void beforeCommit(long now) throws SQLException {}

    /** Commits the open transaction (one fsync). */
    void commit() throws SQLException;

    /**
     * A group that changed something was committed (for the metrics): {@code size} pieces, the
     * commit itself took {@code commitNanos}.
     */
    default void committed(int size, long commitNanos) {}

    /** Rolls back and rebuilds memory from the store after a failed group. */
    void recover(Exception cause);

    /** Runs after each group, committed or rolled back, still under the lock (dispatch). */
    void afterCommit(long now);

    /**
     * A number that moves with every change of memory or of the store; a piece that failed without
     * moving it changed nothing and can fail alone.
     */
    default long changes() {
      return 0;
    }

    /** Whether the store lost the open transaction (SQLite rolled it back by itself). */
    default boolean transactionLost() {
      return false;
    }

    /** A piece failed alone: make the store usable for the next one (reset its statements). */
    default void pieceFailed() {}

    /** The error to answer a failure of a piece with. */
    default StatusRuntimeException statusOf(Exception failure) {
      return StorageFailures.status(
          failure, "The scheduler could not store the request", "the database");
    }
  }

  private static final class Submission<T> {
    final Work<T> work;
    final PieceObserver observer;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;
    RuntimeException error;

    Submission(Work<T> work, PieceObserver observer) {
      this.work = work;
      this.observer = observer;
    }

    void run(WriteContext ctx) throws SQLException {
      if (observer != null) {
        observe(observer::taken);
      }
      result = work.run(ctx);
      error = ctx.deferred();
    }

    /** Answers a piece that never ran (the writer is stopping). */
    void reject(RuntimeException failure) {
      error = failure;
      finish(0, -1);
    }

    void finish(int groupSize, long commitNanos) {
      if (observer != null) {
        observe(() -> observer.finished(groupSize, error == null ? commitNanos : -1, error));
      }
      if (error != null) {
        future.completeExceptionally(error);
      } else {
        future.complete(result);
      }
    }
  }

  /** Runs an observer's callback; its failure is logged, never the piece's. */
  private static void observe(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("Observing a request in the writer failed; the request goes on", e);
    }
  }

  /** A group failed: the piece it failed in (null when it failed in the commit). */
  private static final class GroupFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Submission<?> culprit;
    final Exception failure;

    GroupFailure(Submission<?> culprit, Exception failure) {
      super(failure);
      this.culprit = culprit;
      this.failure = failure;
    }
  }

  private final BlockingQueue<Submission<?>> queue = new LinkedBlockingQueue<>();
  private final WriterLock lock;
  private final InstantSource clock;
  private final Hooks hooks;
  private final CommitDelay commitDelay;
  private final Thread thread;
  private volatile boolean stopping;
  private int previousGroupSize;

  /** How many pieces of the group being run have an observer (so others skip the loops). */
  private int observedInGroup;

  /** A writer with the default commit delay. */
  public GroupCommitWriter(WriterLock lock, InstantSource clock, Hooks hooks) {
    this(lock, clock, hooks, CommitDelay.DEFAULT);
  }

  /** A writer; {@link #start()} starts its thread. */
  public GroupCommitWriter(
      WriterLock lock, InstantSource clock, Hooks hooks, CommitDelay commitDelay) {
    this.lock = lock;
    this.clock = clock;
    this.hooks = hooks;
    this.commitDelay = commitDelay;
    this.thread = new Thread(this::loop, "scheduler-writer");
    this.thread.setDaemon(true);
  }

  /** Starts the writer thread. */
  public void start() {
    thread.start();
  }

  /** Queues work; the future completes after the group holding it is committed. */
  public <T> CompletableFuture<T> submit(Work<T> work) {
    return submit(work, null);
  }

  /**
   * Queues work watched by an observer (null for none); the future completes after the group
   * holding it is committed, after the observer heard that it finished.
   */
  public <T> CompletableFuture<T> submit(Work<T> work, PieceObserver observer) {
    Submission<T> s = new Submission<>(work, observer);
    if (stopping) {
      s.reject(shuttingDown());
      return s.future;
    }
    queue.add(s);
    if (stopping && queue.remove(s)) {
      s.reject(shuttingDown());
    }
    return s.future;
  }

  /** Stops taking work, finishes what is queued, and waits for the thread. */
  public void stop() throws InterruptedException {
    stopping = true;
    thread.join();
    Submission<?> s;
    while ((s = queue.poll()) != null) {
      s.reject(shuttingDown());
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
        hooks.beforeTaking();
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
        observedInGroup = 0;
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
      long commitNanos;
      try {
        long changesBefore = hooks.changes();
        runPieces(group, 0, now);
        if (delay > 0) {
          gatherMore(group, System.nanoTime() + delay, now);
        }
        try {
          hooks.beforeCommit(now);
          if (observedInGroup > 0) {
            for (Submission<?> s : group) {
              if (s.observer != null) {
                observe(s.observer::committing);
              }
            }
          }
          long commitStart = System.nanoTime();
          hooks.commit();
          commitNanos = System.nanoTime() - commitStart;
        } catch (SQLException | RuntimeException e) {
          throw new GroupFailure(null, e);
        }
        if (hooks.changes() != changesBefore) {
          committed(group.size(), commitNanos);
        }
      } catch (GroupFailure f) {
        commitNanos = -1;
        failGroup(group, f);
      }
      int size = group.size();
      for (Submission<?> s : group) {
        s.finish(size, commitNanos);
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

  /** Tells the hooks about a commit; a failure there must not fail the committed group. */
  private void committed(int size, long commitNanos) {
    try {
      hooks.committed(size, commitNanos);
    } catch (RuntimeException e) {
      log.warn("Recording a commit's metrics failed; the group is committed", e);
    }
  }

  private void failGroup(List<Submission<?>> group, GroupFailure f) {
    log.error(
        "A group of {} writes failed and was rolled back{}",
        group.size(),
        f.culprit == null ? " (in its commit)" : "",
        f.failure);
    hooks.recover(f.failure);
    StatusRuntimeException failure = hooks.statusOf(f.failure);
    StatusRuntimeException others =
        f.culprit == null ? failure : StorageFailures.bystander(f.failure);
    for (Submission<?> s : group) {
      s.error = s == f.culprit ? failure : others;
    }
  }

  /**
   * Takes and runs more work until the deadline, and only while work keeps coming: the wait ends
   * after {@link CommitDelay#idleNanos} without a new submission, so a caller that happens to
   * follow a large group is held back at most that long. An interrupt ends the wait (the group is
   * still committed; the loop then sees the interrupt).
   */
  private void gatherMore(List<Submission<?>> group, long deadline, long now) throws GroupFailure {
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

  /**
   * Runs the pieces of the group from index {@code from} on, in the open transaction. A piece that
   * fails having changed nothing is answered with its error; any other failure ends the group.
   */
  private void runPieces(List<Submission<?>> group, int from, long now) throws GroupFailure {
    for (int i = from; i < group.size(); i++) {
      Submission<?> s = group.get(i);
      if (s.observer != null) {
        observedInGroup++;
      }
      long before = hooks.changes();
      try {
        s.run(new WriteContext(now));
      } catch (StatusRuntimeException e) {
        if (hooks.changes() != before || hooks.transactionLost()) {
          log.error("A request failed after it had changed the scheduler's state", e);
          throw new GroupFailure(s, e);
        }
        s.error = e;
      } catch (SQLException | RuntimeException e) {
        if (hooks.changes() != before || hooks.transactionLost()) {
          throw new GroupFailure(s, e);
        }
        log.warn("A request failed before it changed anything; its group goes on", e);
        hooks.pieceFailed();
        s.error = hooks.statusOf(e);
      }
    }
  }
}
