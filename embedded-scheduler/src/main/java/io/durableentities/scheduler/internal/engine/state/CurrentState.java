package io.durableentities.scheduler.internal.engine.state;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Function;

/**
 * The engine's one reference to its memory: the {@link EngineState} loaded from the store, or none
 * while it cannot be loaded (after a failed write the old state is dropped, and until a new one is
 * loaded every request is answered UNAVAILABLE instead of from an empty memory). Owned by the
 * engine, replaced only under the writer lock.
 */
public final class CurrentState {

  private final WriterLock lock;
  private EngineState state;
  private String unavailable = "the scheduler is starting";

  /** A holder with no state yet, guarded by {@code lock}. */
  public CurrentState(WriterLock lock) {
    this.lock = lock;
  }

  /** The lock that guards the state. */
  public WriterLock lock() {
    return lock;
  }

  /**
   * The state, for the writer (which holds the lock).
   *
   * @throws StatusRuntimeException UNAVAILABLE while no state is loaded
   * @throws IllegalStateException when the caller does not hold the lock
   */
  public EngineState forWrite() {
    lock.checkHeld();
    return require();
  }

  /** The state or null, for the writer (which holds the lock). */
  public EngineState orNull() {
    lock.checkHeld();
    return state;
  }

  /**
   * Runs a read of the state under the lock.
   *
   * @throws StatusRuntimeException UNAVAILABLE while no state is loaded
   */
  public <T> T read(Function<EngineState, T> read) {
    lock.lock();
    try {
      return read.apply(require());
    } finally {
      lock.unlock();
    }
  }

  private EngineState require() {
    if (state == null) {
      throw unavailable();
    }
    return state;
  }

  /** The answer to requests while no state is loaded. */
  private StatusRuntimeException unavailable() {
    return Status.UNAVAILABLE
        .withDescription(
            "The scheduler has not loaded its state ("
                + unavailable
                + "); nothing was done, retry later")
        .asRuntimeException();
  }

  /** Makes {@code next} the state (the caller holds the lock). */
  public void replace(EngineState next) {
    lock.beforeChange();
    this.state = next;
    this.unavailable = null;
  }

  /** Drops the state; requests are answered UNAVAILABLE naming {@code why} until a new one. */
  public void drop(String why) {
    lock.beforeChange();
    this.state = null;
    this.unavailable = why;
  }

  /** Whether a state is loaded (the caller holds the lock). */
  public boolean isLoaded() {
    lock.checkHeld();
    return state != null;
  }
}
