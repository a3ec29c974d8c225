package io.durableentities.orchestration.internal;

import io.durableentities.orchestration.TaskFailedException;
import io.durableentities.protocol.internal.TaskFailureDetails;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * Tasks waiting for a result event by action id: activities, sub-orchestrations and timers ({@code
 * TaskCompleted/Failed}, {@code SubOrchestrationInstanceCompleted/Failed}, {@code TimerFired}).
 */
final class OpenTasks {

  private final ReplayContext runtime;
  private final Map<Integer, Open> open = new HashMap<>();

  OpenTasks(ReplayContext runtime) {
    this.runtime = runtime;
  }

  void open(String name, int id, Type resultType, DurableTask<Object> task) {
    open.put(id, new Open(name, id, resultType, task));
  }

  /** Completes a task with its serialized result; ignores ids nothing waits for (duplicates). */
  void complete(int id, String rawResult) {
    Open task = open.remove(id);
    if (task == null) {
      return;
    }
    Object result;
    try {
      result = runtime.deserialize(rawResult, task.resultType);
    } catch (RuntimeException e) {
      task.task.fail(e);
      return;
    }
    task.task.complete(result);
  }

  /** Fails a task with a {@link TaskFailedException}; ignores ids nothing waits for. */
  void fail(int id, TaskFailureDetails details) {
    Open task = open.remove(id);
    if (task != null) {
      task.task.fail(new TaskFailedException(task.name, task.id, Wire.failure(details)));
    }
  }

  private record Open(String name, int id, Type resultType, DurableTask<Object> task) {}
}
