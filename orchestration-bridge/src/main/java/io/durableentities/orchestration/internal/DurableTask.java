package io.durableentities.orchestration.internal;

import io.durableentities.orchestration.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one {@link Task} implementation: completed by the replay runtime as history events are
 * processed; {@link #await()} drives the processing of further events on the orchestration thread.
 *
 * @param <V> the result type
 */
public final class DurableTask<V> implements Task<V> {

  private final ReplayContext runtime;
  private boolean done;
  private V value;
  private RuntimeException failure;
  private List<Runnable> callbacks;

  DurableTask(ReplayContext runtime) {
    this.runtime = runtime;
  }

  @Override
  public V await() {
    runtime.awaitTask(this);
    if (failure != null) {
      throw failure;
    }
    return value;
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public boolean isFailed() {
    return done && failure != null;
  }

  @Override
  public <R> Task<R> thenApply(Function<? super V, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    DurableTask<R> derived = new DurableTask<>(runtime);
    onDone(
        () -> {
          if (failure != null) {
            derived.fail(failure);
            return;
          }
          R result;
          try {
            result = fn.apply(value);
          } catch (RuntimeException e) {
            derived.fail(e);
            return;
          }
          derived.complete(result);
        });
    return derived;
  }

  /** The result; only meaningful when done and not failed. */
  V value() {
    return value;
  }

  /** The failure; null unless failed. */
  RuntimeException failure() {
    return failure;
  }

  /** Completes the task; ignored when it is already done (a late or duplicate result). */
  void complete(V result) {
    if (done) {
      return;
    }
    done = true;
    value = result;
    runCallbacks();
  }

  /** Fails the task; ignored when it is already done. */
  void fail(RuntimeException exception) {
    if (done) {
      return;
    }
    done = true;
    failure = Objects.requireNonNull(exception, "exception");
    runCallbacks();
  }

  /** Runs the callback when the task is done: at once if it is, else on completion. */
  void onDone(Runnable callback) {
    if (done) {
      callback.run();
      return;
    }
    if (callbacks == null) {
      callbacks = new ArrayList<>(2);
    }
    callbacks.add(callback);
  }

  ReplayContext runtime() {
    return runtime;
  }

  private void runCallbacks() {
    List<Runnable> toRun = callbacks;
    callbacks = null;
    if (toRun != null) {
      for (Runnable callback : toRun) {
        callback.run();
      }
    }
  }
}
