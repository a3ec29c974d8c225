package io.durableentities.testing.orchestration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the orchestration under test did, in order: the record the run's assertions read. Owned by
 * one {@link OrchestrationHost}; readers get immutable copies.
 */
final class Observations {

  final List<ActivityCall> activityCalls = new ArrayList<>();
  final List<EntityCall> entityCalls = new ArrayList<>();
  final List<EntitySignal> signals = new ArrayList<>();
  final List<EntitySignal> entitySignals = new ArrayList<>();
  final List<SubOrchestrationCall> subOrchestrations = new ArrayList<>();
  private final Map<String, EntityLock> locks = new LinkedHashMap<>();
  private final Map<String, DurableTimer> timers = new LinkedHashMap<>();
  private List<String> eventsAwaited = List.of();

  void lockRequested(String criticalSectionId, EntityLock lock) {
    locks.put(criticalSectionId, lock);
  }

  void lockGranted(String criticalSectionId, Instant at) {
    locks.computeIfPresent(criticalSectionId, (id, lock) -> lock.granted(at));
  }

  void unlocked(String criticalSectionId, Instant at) {
    EntityLock lock = locks.get(criticalSectionId);
    if (lock != null && !lock.isReleased()) {
      locks.put(criticalSectionId, lock.released(at));
    }
  }

  void timerCreated(String key, DurableTimer timer) {
    timers.put(key, timer);
  }

  void timerFired(String key) {
    timers.computeIfPresent(key, (k, timer) -> timer.fire());
  }

  void eventsAwaited(List<String> names) {
    eventsAwaited = List.copyOf(names);
  }

  List<EntityLock> locks() {
    return List.copyOf(locks.values());
  }

  List<DurableTimer> timers() {
    return List.copyOf(timers.values());
  }

  List<String> eventsAwaited() {
    return eventsAwaited;
  }
}
