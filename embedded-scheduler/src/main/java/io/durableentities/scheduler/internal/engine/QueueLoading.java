package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.load.StateLoader;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.write.Work;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Reads a file store's queues after the engine listens: one page ({@value #PAGE} messages) per
 * piece of work on the writer, so that requests are served between pages and the entities of each
 * page are dispatched as soon as it is committed. After every group the writer asks for the next
 * page while some remain ({@link #next}); a reload after a failed write starts over on the new
 * state the same way. Owns only whether a page is queued; the state comes as a parameter.
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

  /** After a group (writer thread, lock held): queues the next page while some remain. */
  void next(EngineState s) {
    if (queued || !s.queueLoad().inProgress()) {
      return;
    }
    queued = true;
    submit
        .apply(
            ctx -> {
              queued = false;
              loader.loadQueuePage(current.forWrite(), ctx.now(), PAGE);
              return null;
            })
        .whenComplete((done, failure) -> queued = false);
  }
}
