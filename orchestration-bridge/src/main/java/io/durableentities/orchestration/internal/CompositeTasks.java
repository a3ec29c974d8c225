package io.durableentities.orchestration.internal;

import io.durableentities.orchestration.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code allOf} and {@code anyOf} over tasks of one orchestration. */
final class CompositeTasks {

  private CompositeTasks() {}

  static <V> Task<List<V>> allOf(ReplayContext runtime, List<Task<V>> tasks) {
    List<DurableTask<V>> all = own(runtime, tasks);
    DurableTask<List<V>> combined = runtime.newTask();
    int[] remaining = {all.size()};
    Runnable finish =
        () -> {
          if (--remaining[0] > 0) {
            return;
          }
          List<V> results = new ArrayList<>(all.size());
          for (DurableTask<V> task : all) {
            if (task.isFailed()) {
              combined.fail(task.failure());
              return;
            }
            results.add(task.value());
          }
          combined.complete(results);
        };
    if (all.isEmpty()) {
      combined.complete(List.of());
    }
    for (DurableTask<V> task : all) {
      task.onDone(finish);
    }
    return combined;
  }

  static Task<Task<?>> anyOf(ReplayContext runtime, List<Task<?>> tasks) {
    List<DurableTask<?>> all = own(runtime, tasks);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("anyOf needs at least one task");
    }
    DurableTask<Task<?>> first = runtime.newTask();
    for (DurableTask<?> task : all) {
      task.onDone(() -> first.complete(task));
    }
    return first;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Task<?>, D> List<D> own(ReplayContext runtime, List<T> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    List<D> own = new ArrayList<>(tasks.size());
    for (T task : tasks) {
      if (!(task instanceof DurableTask<?> durable) || durable.runtime() != runtime) {
        throw new IllegalArgumentException(
            "Only tasks created by this orchestration's context can be combined, got " + task);
      }
      own.add((D) durable);
    }
    return own;
  }
}
