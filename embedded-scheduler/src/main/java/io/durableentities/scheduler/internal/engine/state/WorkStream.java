package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.protocol.internal.WorkItem;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A worker's {@code GetWorkItems} stream, as the dispatcher sees it: what it takes, how much it may
 * hold, and the work leased to it. A connection, not stored data: it outlives a reload of the
 * engine's state (its leases are dropped with the state they belong to, {@link #dropLeases}).
 */
public final class WorkStream {

  /**
   * What a stream takes.
   *
   * @param entityNames lower-case entity names it takes, or null for all
   * @param orchestrationNames orchestration names it takes (as sent), each with the versions it
   *     takes of it (empty for every version), or null for all names and versions
   * @param activityNames activity names it takes (as sent), or null for all
   * @param maxEntities entity work items in flight at most
   * @param maxOrchestrations orchestrator work items in flight at most
   * @param maxActivities activity work items in flight at most
   * @param declaresEntities whether the request asked for entity work ({@code
   *     maxConcurrentEntityWorkItems} or entity filters). Workers that send neither include SDKs
   *     that drop entity work items (the Java SDK 1.5.0 sends an empty request), so entity work
   *     prefers streams that asked for it.
   * @param readsEntityTraces whether the worker is known to read the V1 entity work item ({@code
   *     EntityBatchRequest}, whose operations carry a trace context) and to complete it with its
   *     completion token; only such a stream gets V1 items (see {@code EntityDispatcher})
   */
  public record Takes(
      Set<String> entityNames,
      Map<String, Set<String>> orchestrationNames,
      Set<String> activityNames,
      int maxEntities,
      int maxOrchestrations,
      int maxActivities,
      boolean declaresEntities,
      boolean readsEntityTraces) {}

  private final long id;
  private final String hub;
  private final Object connection;
  private final ServerCallStreamObserver<WorkItem> observer;
  private final Takes takes;
  private final WriterLock lock;

  private final Set<Lease> leases = new LinkedHashSet<>();
  private final Set<TaskLease> taskLeases = new LinkedHashSet<>();
  private int leasedOrchestrations;
  private int leasedActivities;

  /** Set once the worker completed an entity work item: it really runs entities. */
  private boolean completedAny;

  /** Set when a lease expired here before any completion: maybe a worker that drops entities. */
  private boolean suspect;

  private volatile boolean closed;

  public WorkStream(
      long id,
      String hub,
      Object connection,
      ServerCallStreamObserver<WorkItem> observer,
      Takes takes,
      WriterLock lock) {
    this.id = id;
    this.hub = hub;
    this.connection = connection;
    this.observer = observer;
    this.takes = takes;
    this.lock = lock;
  }

  public String hub() {
    return hub;
  }

  /** The caller's transport connection (matches completions sent without a token). */
  public Object connection() {
    return connection;
  }

  /** What the stream takes. */
  public Takes takes() {
    return takes;
  }

  public boolean accepts(String entityName) {
    return takes.entityNames() == null || takes.entityNames().contains(entityName);
  }

  /** Whether the stream takes orchestrations of a name, in some version. */
  public boolean acceptsOrchestration(String name) {
    return takes.orchestrationNames() == null || takes.orchestrationNames().containsKey(name);
  }

  /**
   * Whether the stream takes an instance of a name and version (null or empty: no version, which
   * only a filter without versions takes).
   */
  public boolean acceptsOrchestration(String name, String version) {
    if (takes.orchestrationNames() == null) {
      return true;
    }
    Set<String> versions = takes.orchestrationNames().get(name);
    return versions != null
        && (versions.isEmpty() || versions.contains(version == null ? "" : version));
  }

  public boolean acceptsActivity(String name) {
    return takes.activityNames() == null || takes.activityNames().contains(name);
  }

  public boolean hasCapacity() {
    return !closed && leases.size() < takes.maxEntities() && observer.isReady();
  }

  public boolean hasOrchestrationCapacity() {
    return !closed && leasedOrchestrations < takes.maxOrchestrations() && observer.isReady();
  }

  public boolean hasActivityCapacity() {
    return !closed && leasedActivities < takes.maxActivities() && observer.isReady();
  }

  /** Entity work items it could take now: 0 when closed, not ready or taking no entities. */
  public int entityRoom() {
    if (!hasCapacity() || (takes.entityNames() != null && takes.entityNames().isEmpty())) {
      return 0;
    }
    return takes.maxEntities() - leases.size();
  }

  /** Entity work items in flight. */
  public int entityLoad() {
    return leases.size();
  }

  /** Orchestrator and activity work items in flight. */
  public int taskLoad() {
    return taskLeases.size();
  }

  /** The entity leases held (a copy). */
  public List<Lease> leases() {
    return List.copyOf(leases);
  }

  /** The orchestrator and activity leases held (a copy). */
  public List<TaskLease> taskLeases() {
    return List.copyOf(taskLeases);
  }

  /** Whether the worker completed an entity work item on this stream. */
  public boolean completedAny() {
    return completedAny;
  }

  /**
   * Lower is better: streams known to run entities first, then those that asked for entity work,
   * then the rest; suspected droppers last.
   */
  public int rank() {
    return completedAny ? 0 : suspect ? 3 : takes.declaresEntities() ? 1 : 2;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Records that the worker completed an entity work item here. */
  public void completedEntityWork() {
    lock.beforeChange();
    completedAny = true;
    suspect = false;
  }

  /** Records that a lease expired here before any completion. */
  public void markSuspect() {
    lock.beforeChange();
    suspect = true;
  }

  /** The stream ended (or could not be written): it takes nothing more. */
  public void markClosed() {
    lock.beforeChange();
    closed = true;
  }

  /**
   * Sends a work item; false when the stream is gone (it is then marked closed).
   *
   * @throws IllegalStateException when the caller does not hold the writer lock
   */
  public boolean send(WorkItem item) {
    lock.checkHeld();
    try {
      observer.onNext(item);
      return true;
    } catch (RuntimeException ex) {
      markClosed();
      return false;
    }
  }

  /** Ends the stream with an error (the worker was refused); it takes nothing. */
  public void fail(StatusRuntimeException error) {
    markClosed();
    try {
      observer.onError(error);
    } catch (RuntimeException e) {
      // The worker went away already: nothing to tell it.
    }
  }

  /** Ends the stream (shutdown); false when it was already gone. */
  public boolean complete() {
    markClosed();
    try {
      observer.onCompleted();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  void addLease(Lease l) {
    lock.beforeChange();
    leases.add(l);
  }

  void removeLease(Lease l) {
    lock.beforeChange();
    leases.remove(l);
  }

  void addTaskLease(TaskLease l) {
    lock.beforeChange();
    taskLeases.add(l);
    if (l.orchestration() != null) {
      leasedOrchestrations++;
    } else {
      leasedActivities++;
    }
  }

  void removeTaskLease(TaskLease l) {
    lock.beforeChange();
    if (taskLeases.remove(l)) {
      if (l.orchestration() != null) {
        leasedOrchestrations--;
      } else {
        leasedActivities--;
      }
    }
  }

  /** Forgets the leases of a dropped state (they went with it; the work is delivered again). */
  public void dropLeases() {
    lock.beforeChange();
    leases.clear();
    taskLeases.clear();
    leasedOrchestrations = 0;
    leasedActivities = 0;
  }

  @Override
  public String toString() {
    return "stream#" + id + (connection == null ? "" : " from " + connection);
  }
}
