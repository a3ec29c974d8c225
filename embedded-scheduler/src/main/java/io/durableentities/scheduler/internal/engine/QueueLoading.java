package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.load.BacklogFill;
import io.durableentities.scheduler.internal.engine.load.StateLoader;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.QueueLoad;
import io.durableentities.scheduler.internal.engine.write.Work;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The pager: reads the backlog of a file store ({@link QueueLoad}: the stored queues after a start
 * or a reload, and the messages spilled while memory held as many live entities as it may) as room
 * frees, one page (at most {@value #PAGE} messages) per piece of work on the writer, so that
 * requests are served between pages and the entities of each page are dispatched as soon as it is
 * committed. After a load it also runs the fill of the backlog table ({@link BacklogFill}), one
 * piece per piece of work, alongside the pages (which read no message past the fill). After every
 * group the writer asks for the next piece of each while one is due ({@link #next}).
 *
 * <p>Both write (the fill inserts keys, a page deletes the keys of what it read), so on a full disk
 * they fail and the engine reloads; after a failed piece the next one waits, 250 ms at first and
 * twice as long after each further failure up to {@value #MAX_BACKOFF_MILLIS} ms, so that a full
 * disk does not make the writer reload in a loop. Owns only whether a piece is queued and that
 * wait; the state comes as a parameter.
 */
final class QueueLoading {

  /** Messages read per piece of work (~50 ms on the shared 2-core machine). */
  static final int PAGE = 5_000;

  /** The longest wait after failed pieces. */
  static final long MAX_BACKOFF_MILLIS = 5_000;

  private final CurrentState current;
  private final StateLoader loader;
  private final BacklogFill fill;
  private final Function<Work<Void>, CompletableFuture<Void>> submit;

  /** Whether a page is queued on the writer (writer thread only). */
  private boolean queued;

  /** Whether a piece of the fill is queued on the writer (writer thread only). */
  private boolean fillQueued;

  /** Pieces that failed in a row, and when ({@link System#nanoTime()}) the next may run. */
  private int failures;

  private long retryAtNanos;

  QueueLoading(
      CurrentState current,
      StateLoader loader,
      BacklogFill fill,
      Function<Work<Void>, CompletableFuture<Void>> submit) {
    this.current = current;
    this.loader = loader;
    this.fill = fill;
    this.submit = submit;
  }

  /**
   * After a group (writer thread, lock held): queues the next piece of the fill while it is not
   * done, and the next page while a backlog remains, the fill is ahead of the cursor, and there is
   * room for a share of it (a twentieth of the bound, at most 1,000 entities: fewer, larger pages),
   * or workers could take more than the live entities give them ({@link
   * EngineState#mayReadBeyondBound()}). A page reads about twice as many messages as there is room
   * for (a message of a resident entity needs none), at most {@value #PAGE}.
   */
  void next(EngineState s) {
    QueueLoad backlog = s.queueLoad();
    if (!backlog.inProgress() || (failures > 0 && System.nanoTime() - retryAtNanos < 0)) {
      return;
    }
    if (backlog.filling() && !fillQueued) {
      fillQueued = true;
      submit
          .apply(
              ctx -> {
                fillQueued = false;
                fill.fillPiece(current.forWrite());
                return null;
              })
          .whenComplete(this::pieceDone);
    }
    if (queued || backlog.cursor() >= backlog.readLimit()) {
      return;
    }
    int maxLive = backlog.maxLive();
    int room = maxLive - s.liveEntities();
    int wanted = Math.max(1, Math.min(1_000, maxLive / 20));
    if (room < wanted && !s.mayReadBeyondBound()) {
      return;
    }
    int limit = (int) Math.min(PAGE, 2L * Math.max(room, 0) + 64);
    queued = true;
    submit
        .apply(
            ctx -> {
              queued = false;
              loader.loadQueuePage(current.forWrite(), ctx.now(), limit);
              return null;
            })
        .whenComplete(
            (done, failure) -> {
              queued = false;
              pieceDone(done, failure);
            });
  }

  private void pieceDone(Void done, Throwable failure) {
    fillQueued = fillQueued && failure == null;
    if (failure == null) {
      failures = 0;
      return;
    }
    long wait = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(failures, 8));
    failures++;
    retryAtNanos = System.nanoTime() + wait * 1_000_000;
  }
}
