package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.load.StateLoader;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.write.Work;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The pager: reads the backlog of a file store ({@link
 * io.durableentities.scheduler.internal.engine.state.QueueLoad}: the stored queues after a start or
 * a reload, and the messages spilled while memory held as many live entities as it may) as room
 * frees, one page (at most {@value #PAGE} messages) per piece of work on the writer, so that
 * requests are served between pages and the entities of each page are dispatched as soon as it is
 * committed. After every group the writer asks for the next page while a backlog remains and there
 * is room for a good share of a page, or workers could take more work ({@link #next}). Owns only
 * whether a page is queued; the state comes as a parameter.
 */
final class QueueLoading {

  /** Messages read per piece of work (~50 ms on the shared 2-core machine). */
  static final int PAGE = 5_000;

  private final CurrentState current;
  private final StateLoader loader;
  private final Function<Work<Void>, CompletableFuture<Void>> submit;

  /** Whether a page is queued on the writer (writer thread only). */
  private boolean queued;

  QueueLoading(
      CurrentState current,
      StateLoader loader,
      Function<Work<Void>, CompletableFuture<Void>> submit) {
    this.current = current;
    this.loader = loader;
    this.submit = submit;
  }

  /**
   * After a group (writer thread, lock held): queues the next page while a backlog remains and
   * there is room for a share of it (a twentieth of the bound, at most 1,000 entities: fewer,
   * larger pages), or workers could take more than the live entities give them ({@link
   * EngineState#mayReadBeyondBound()}). A page reads about twice as many messages as there is room
   * for (a message of a resident entity needs none), at most {@value #PAGE}.
   */
  void next(EngineState s) {
    if (queued || !s.queueLoad().inProgress()) {
      return;
    }
    int maxLive = s.queueLoad().maxLive();
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
        .whenComplete((done, failure) -> queued = false);
  }
}
