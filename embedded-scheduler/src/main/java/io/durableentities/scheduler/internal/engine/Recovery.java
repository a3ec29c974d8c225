package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.dispatch.StreamRegistry;
import io.durableentities.scheduler.internal.engine.load.StateLoader;
import io.durableentities.scheduler.internal.engine.orchestration.Waiters;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery after a failed write, with no list of things to clear: the store is reset (rolled back,
 * and for a file a new connection with new statements), the state is dropped whole and a new one is
 * loaded from the store; the open streams and the waiting calls are attached to it. While the store
 * cannot be read the engine has no state, so every request is answered UNAVAILABLE (never from an
 * empty memory) and the maintenance retries, at growing intervals, until a load succeeds.
 */
final class Recovery {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /** The first wait before the load is tried again; doubles per failure. */
  static final long FIRST_RETRY_MILLIS = 1_000;

  /** The longest wait between two tries. */
  static final long MAX_RETRY_MILLIS = 30_000;

  private final Store store;
  private final CurrentState current;
  private final StateLoader loader;
  private final StreamRegistry streams;
  private final Waiters waiters;
  private int failures;
  private long nextTryAt;

  Recovery(
      Store store,
      CurrentState current,
      StateLoader loader,
      StreamRegistry streams,
      Waiters waiters) {
    this.store = store;
    this.current = current;
    this.loader = loader;
    this.streams = streams;
    this.waiters = waiters;
  }

  /** After a failed group (writer thread, lock held): drops the state and loads a new one. */
  void recover(Exception cause, long now) {
    boolean hadState = current.isLoaded();
    current.drop("it is reloading its state after a failed write: " + cause.getMessage());
    if (hadState || now >= nextTryAt) {
      reload(now);
    }
  }

  /** From the maintenance: tries the load again when none is loaded and the wait is over. */
  void retryIfDue(long now) {
    if (!current.isLoaded() && now >= nextTryAt) {
      reload(now);
    }
  }

  private void reload(long now) {
    try {
      store.reset();
      EngineState s = loader.load(now, true);
      streams.attachTo(s);
      current.replace(s);
      waiters.notifyAll(s);
      if (failures > 0) {
        log.info(
            "Reloaded the scheduler's state from {} after {} failed attempt(s); serving again",
            store.where(),
            failures);
      }
      failures = 0;
      nextTryAt = 0;
    } catch (SQLException | RuntimeException e) {
      long wait = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures, 16));
      failures++;
      nextTryAt = now + wait;
      current.drop("it could not load its state from " + store.where() + ": " + e.getMessage());
      if (failures == 1) {
        log.error(
            "Could not reload the scheduler's state from {}; every request is answered UNAVAILABLE"
                + " until it can, and the load is tried again in {} ms (then at growing intervals"
                + " up to {} s)",
            store.where(),
            wait,
            MAX_RETRY_MILLIS / 1000,
            e);
      } else {
        log.warn(
            "Still cannot load the scheduler's state from {} ({} attempts): {}; next try in {} ms",
            store.where(),
            failures,
            e.toString(),
            wait);
      }
    }
  }
}
