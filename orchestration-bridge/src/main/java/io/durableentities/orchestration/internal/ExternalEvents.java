package io.durableentities.orchestration.internal;

import io.durableentities.orchestration.TaskCanceledException;
import io.durableentities.protocol.internal.HistoryEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * External events of one execution: waiters by name (case-insensitive), in the order they started
 * waiting, and events that arrived before anyone waited for them, in arrival order.
 */
final class ExternalEvents {

  private final Map<String, Deque<Consumer<HistoryEvent>>> waiters = new HashMap<>();
  private final List<HistoryEvent> buffered = new ArrayList<>();

  /**
   * Implements {@code waitForExternalEvent}: a buffered event, or a waiter with an optional
   * timeout.
   */
  <V> DurableTask<V> await(ReplayContext runtime, String name, Class<V> type, Duration timeout) {
    DurableTask<V> task = runtime.newTask();
    Consumer<HistoryEvent> receive = event -> completeWithPayload(runtime, task, event, type);
    HistoryEvent early = takeBuffered(name);
    if (early != null) {
      receive.accept(early);
      return task;
    }
    if (timeout != null && timeout.isZero()) {
      task.fail(canceled(runtime, name, timeout));
      return task;
    }
    waiters.computeIfAbsent(key(name), k -> new ArrayDeque<>()).add(receive);
    if (timeout != null) {
      runtime
          .timer(runtime.currentUtcDateTime().plus(timeout))
          .onDone(
              () -> {
                if (!task.isDone()) {
                  Deque<Consumer<HistoryEvent>> queue = waiters.get(key(name));
                  if (queue != null) {
                    queue.remove(receive);
                  }
                  task.fail(canceled(runtime, name, timeout));
                }
              });
    }
    return task;
  }

  /** Delivers an arriving event to the oldest waiter for its name, or buffers it. */
  void deliver(HistoryEvent event) {
    Deque<Consumer<HistoryEvent>> queue = waiters.get(key(event.getEventRaised().getName()));
    Consumer<HistoryEvent> waiter = queue == null ? null : queue.poll();
    if (waiter == null) {
      buffered.add(event);
    } else {
      waiter.accept(event);
    }
  }

  /** Takes the oldest buffered event of a name, or null when there is none. */
  HistoryEvent takeBuffered(String name) {
    for (Iterator<HistoryEvent> it = buffered.iterator(); it.hasNext(); ) {
      HistoryEvent event = it.next();
      if (event.getEventRaised().getName().equalsIgnoreCase(name)) {
        it.remove();
        return event;
      }
    }
    return null;
  }

  /** The events received but not awaited, in arrival order. */
  List<HistoryEvent> unprocessed() {
    return List.copyOf(buffered);
  }

  private static <V> void completeWithPayload(
      ReplayContext runtime, DurableTask<V> task, HistoryEvent event, Class<V> type) {
    var raised = event.getEventRaised();
    try {
      @SuppressWarnings("unchecked")
      V payload =
          (V) runtime.deserialize(raised.hasInput() ? raised.getInput().getValue() : null, type);
      task.complete(payload);
    } catch (RuntimeException e) {
      task.fail(e);
    }
  }

  private static TaskCanceledException canceled(
      ReplayContext runtime, String name, Duration timeout) {
    return new TaskCanceledException(
        name,
        "Orchestration '"
            + runtime.name()
            + "' (instance '"
            + runtime.instanceId()
            + "') waited "
            + timeout
            + " for external event '"
            + name
            + "', which did not arrive in time");
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
