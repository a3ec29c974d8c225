package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.WorkItem;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.LinkedHashSet;
import java.util.Set;

/** A worker's {@code GetWorkItems} stream, as the dispatcher sees it. */
public final class WorkStream {
  final long id;
  final String hub;
  final Object connection;
  final ServerCallStreamObserver<WorkItem> observer;

  /** Lower-case entity names this stream takes, or null for all. */
  final Set<String> entityNames;

  final int maxInFlight;
  final Set<Lease> leases = new LinkedHashSet<>();

  /** Orchestration names this stream takes (as sent), or null for all. */
  Set<String> orchestrationNames;

  /** Activity names this stream takes (as sent), or null for all. */
  Set<String> activityNames;

  int maxOrchestrations = EngineConfig.DEFAULT_MAX_TASK_WORK_ITEMS;
  int maxActivities = EngineConfig.DEFAULT_MAX_TASK_WORK_ITEMS;
  int leasedOrchestrations;
  int leasedActivities;
  final Set<TaskLease> taskLeases = new LinkedHashSet<>();

  /** Set once the worker completed an entity work item: it really runs entities. */
  boolean completedAny;

  /** Set when a lease expired here before any completion: maybe a worker that drops entities. */
  boolean suspect;

  /**
   * Set when the request asked for entity work ({@code maxConcurrentEntityWorkItems} or entity
   * filters). Workers that send neither include SDKs that drop entity work items (the Java SDK
   * 1.5.0 sends an empty request), so entity work prefers streams that asked for it.
   */
  boolean declaresEntities;

  boolean closed;

  WorkStream(
      long id,
      String hub,
      Object connection,
      ServerCallStreamObserver<WorkItem> observer,
      Set<String> entityNames,
      int maxInFlight) {
    this.id = id;
    this.hub = hub;
    this.connection = connection;
    this.observer = observer;
    this.entityNames = entityNames;
    this.maxInFlight = maxInFlight;
  }

  boolean accepts(String entityName) {
    return entityNames == null || entityNames.contains(entityName);
  }

  boolean acceptsOrchestration(String name) {
    return orchestrationNames == null || orchestrationNames.contains(name);
  }

  boolean acceptsActivity(String name) {
    return activityNames == null || activityNames.contains(name);
  }

  boolean hasOrchestrationCapacity() {
    return !closed && leasedOrchestrations < maxOrchestrations && observer.isReady();
  }

  boolean hasActivityCapacity() {
    return !closed && leasedActivities < maxActivities && observer.isReady();
  }

  boolean hasCapacity() {
    return !closed && leases.size() < maxInFlight && observer.isReady();
  }

  /**
   * Lower is better: streams known to run entities first, then those that asked for entity work,
   * then the rest; suspected droppers last.
   */
  int rank() {
    return completedAny ? 0 : suspect ? 3 : declaresEntities ? 1 : 2;
  }

  @Override
  public String toString() {
    return "stream#" + id + (connection == null ? "" : " from " + connection);
  }
}
