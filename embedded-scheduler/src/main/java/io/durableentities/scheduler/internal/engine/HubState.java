package io.durableentities.scheduler.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One task hub in memory: its entities (sorted by id), the ready entities grouped by entity name
 * (so that work no stream can take costs nothing per dispatch), and the work-item streams.
 */
final class HubState {
  final String name;

  /** Whether the hub has a row in {@code task_hubs}. */
  boolean persisted;

  final TreeMap<String, EntityRuntime> entities = new TreeMap<>();

  /**
   * Entities with a deliverable operation and no batch in flight, by entity name, oldest first.
   * Names without ready entities are removed.
   */
  final Map<String, LinkedHashSet<EntityRuntime>> readyByName = new LinkedHashMap<>();

  final List<WorkStream> streams = new ArrayList<>();

  /** Orchestration instances by id. */
  final TreeMap<String, OrchestrationRuntime> instances = new TreeMap<>();

  /** Instances with deliverable events and no work item in flight, oldest first. */
  final LinkedHashSet<OrchestrationRuntime> readyOrchestrations = new LinkedHashSet<>();

  /** Activity tasks not leased, in schedule order. */
  final LinkedHashSet<ActivityTask> readyActivities = new LinkedHashSet<>();

  HubState(String name) {
    this.name = name;
  }

  void markReady(EntityRuntime e) {
    readyByName.computeIfAbsent(e.name, n -> new LinkedHashSet<>()).add(e);
  }

  void unmarkReady(EntityRuntime e) {
    LinkedHashSet<EntityRuntime> set = readyByName.get(e.name);
    if (set != null && set.remove(e) && set.isEmpty()) {
      readyByName.remove(e.name);
    }
  }
}
