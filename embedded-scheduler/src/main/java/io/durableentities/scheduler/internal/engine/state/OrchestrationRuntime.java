package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.scheduler.internal.store.InstanceRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One orchestration instance in memory: its current execution's status, history and inbox (new
 * events, durable timers among them), its scheduled activities and its in-flight work item. Part of
 * its {@link HubState}; every mutator checks the {@link WriterLock}.
 *
 * <p>A finished instance leaves memory once the commit that ended the execution is durable ({@link
 * EngineState#evictFinishedInstances}); the read paths then read its row and history from the
 * store. The writer reads one back for a request that needs it ({@link #stored}, without its
 * history) for the length of a group.
 */
public final class OrchestrationRuntime {

  private final HubState hub;
  private final String instanceId;
  private String executionId;
  private String name;
  private String version;
  private OrchestrationStatus status = OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
  private String input;
  private String output;
  private String customStatus;
  private TaskFailureDetails failure;
  private long createdAt;
  private long lastUpdated;
  private long completedAt;
  private long scheduledStart;
  private ParentInstanceInfo parent;

  /** Whether this instance ever asked for entity locks (only those are scanned at its end). */
  private boolean requestedLocks;

  private final Set<ActivityTask> activities = new LinkedHashSet<>();

  /**
   * The current execution's history while the instance is active (and until the commit that ended
   * it); null once it is only in the store.
   */
  private List<HistoryEvent> history = new ArrayList<>();

  private final List<InboxEvent> inbox = new ArrayList<>();
  private final List<InboxEvent> inboxView = Collections.unmodifiableList(inbox);
  private TaskLease lease;

  /**
   * The stream that last abandoned a work item of this instance and until when it is not offered
   * that stream again (memory only: after a restart every stream may take it).
   */
  private WorkStream abandonedBy;

  private long abandonedUntil;

  private OrchestrationRuntime(HubState hub, String instanceId) {
    this.hub = hub;
    this.instanceId = instanceId;
  }

  /** A new, pending execution created at {@code now}. */
  public static OrchestrationRuntime created(
      HubState hub,
      String instanceId,
      String executionId,
      String name,
      String version,
      String input,
      ParentInstanceInfo parent,
      long scheduledStart,
      long now) {
    OrchestrationRuntime o = new OrchestrationRuntime(hub, instanceId);
    o.executionId = executionId;
    o.name = name;
    o.version = version;
    o.input = input;
    o.parent = parent;
    o.scheduledStart = scheduledStart;
    o.createdAt = now;
    o.lastUpdated = now;
    return o;
  }

  /** An instance as its stored row has it; a finished one without its history in memory. */
  public static OrchestrationRuntime stored(
      HubState hub, InstanceRow r, TaskFailureDetails failure, ParentInstanceInfo parent) {
    OrchestrationRuntime o = new OrchestrationRuntime(hub, r.instanceId());
    o.executionId = r.executionId();
    o.name = r.name();
    o.version = r.version();
    o.status = OrchestrationStatus.forNumber(r.status());
    o.input = r.input();
    o.output = r.output();
    o.customStatus = r.customStatus();
    o.failure = failure;
    o.createdAt = r.createdAt();
    o.lastUpdated = r.lastUpdated();
    o.completedAt = r.completedAt();
    o.scheduledStart = r.scheduledStart();
    o.parent = parent;
    if (!o.isActive()) {
      o.history = null;
    }
    return o;
  }

  private void beforeChange() {
    hub.lock().beforeChange();
  }

  public HubState hub() {
    return hub;
  }

  public String instanceId() {
    return instanceId;
  }

  public String executionId() {
    return executionId;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public OrchestrationStatus status() {
    return status;
  }

  public String input() {
    return input;
  }

  public String output() {
    return output;
  }

  public String customStatus() {
    return customStatus;
  }

  public TaskFailureDetails failure() {
    return failure;
  }

  public long createdAt() {
    return createdAt;
  }

  public long lastUpdated() {
    return lastUpdated;
  }

  public long completedAt() {
    return completedAt;
  }

  public long scheduledStart() {
    return scheduledStart;
  }

  public ParentInstanceInfo parent() {
    return parent;
  }

  public boolean requestedLocks() {
    return requestedLocks;
  }

  /** The scheduled activities (a read-only view). */
  public Collection<ActivityTask> activities() {
    return Collections.unmodifiableSet(activities);
  }

  /** The current execution's history (a read-only view), or null when only the store has it. */
  public List<HistoryEvent> history() {
    return history == null ? null : Collections.unmodifiableList(history);
  }

  /** How many events the current execution's history holds in memory (0 when none). */
  public int historySize() {
    return history == null ? 0 : history.size();
  }

  /** The inbox in arrival order (a read-only view). */
  public List<InboxEvent> inbox() {
    return inboxView;
  }

  /** The work item in flight, or null. */
  public TaskLease lease() {
    return lease;
  }

  /** Records that {@code stream} abandoned a work item of this instance: not offered it until. */
  public void abandonedBy(WorkStream stream, long until) {
    beforeChange();
    this.abandonedBy = stream;
    this.abandonedUntil = until;
  }

  /** The stream not to offer this instance at {@code now} (it abandoned it lately), or null. */
  public WorkStream avoidedStream(long now) {
    return now < abandonedUntil ? abandonedBy : null;
  }

  /** Running, pending or suspended: the instance can still receive and process events. */
  public boolean isActive() {
    return isActive(status);
  }

  /** Whether a status is one of an instance that can still run. */
  public static boolean isActive(OrchestrationStatus s) {
    return s == OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING
        || s == OrchestrationStatus.ORCHESTRATION_STATUS_PENDING
        || s == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
  }

  /** Sets the status (a work item committed, a suspension, a resumption) at {@code now}. */
  public void setStatus(OrchestrationStatus s, long now) {
    beforeChange();
    this.status = s;
    this.lastUpdated = now;
  }

  /** Sets the custom status (null for none). */
  public void setCustomStatus(String value) {
    beforeChange();
    this.customStatus = value;
  }

  /** Records a change at {@code now}. */
  public void touch(long now) {
    beforeChange();
    this.lastUpdated = now;
  }

  /** Ends the current execution with an outcome. */
  public void finish(
      OrchestrationStatus s, String outcome, TaskFailureDetails failureDetails, long now) {
    beforeChange();
    this.status = s;
    this.output = outcome;
    this.failure = failureDetails;
    this.completedAt = now;
    this.lastUpdated = now;
  }

  /** Starts a new execution of the same instance (continue-as-new); history and inbox are empty. */
  public void continueAsNew(String newExecutionId, String newInput, String newVersion, long now) {
    beforeChange();
    this.executionId = newExecutionId;
    this.input = newInput;
    if (newVersion != null) {
      this.version = newVersion;
    }
    this.status = OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
    this.output = null;
    this.failure = null;
    this.lastUpdated = now;
    this.scheduledStart = 0;
    this.history = new ArrayList<>();
    this.inbox.clear();
  }

  /**
   * Runs a failed instance again as a new execution (rewind): running, no outcome, an empty history
   * that the caller fills with the events kept, an empty inbox, and {@code newParent} as its parent
   * (the rewound parent's new execution, or the parent it had).
   */
  public void rewind(String newExecutionId, ParentInstanceInfo newParent, long now) {
    beforeChange();
    this.executionId = newExecutionId;
    this.parent = newParent;
    this.status = OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
    this.output = null;
    this.failure = null;
    this.completedAt = 0;
    this.lastUpdated = now;
    this.history = new ArrayList<>();
    this.inbox.clear();
  }

  /** Points a running sub-orchestration at its parent's new execution (the parent was rewound). */
  public void reparent(ParentInstanceInfo newParent) {
    beforeChange();
    this.parent = newParent;
  }

  /** Records that the instance asked for entity locks. */
  public void markRequestedLocks() {
    if (!requestedLocks) {
      beforeChange();
      requestedLocks = true;
    }
  }

  /** Appends an event to the history in memory (the caller stores it too). */
  public void appendHistory(HistoryEvent e) {
    beforeChange();
    if (history == null) {
      throw new IllegalStateException(
          "Orchestration " + instanceId + " has finished; its history can no longer change");
    }
    history.add(e);
  }

  /** Adds an inbox event (the caller stores it too). */
  public void addInbox(InboxEvent e) {
    beforeChange();
    inbox.add(e);
  }

  /** Removes delivered inbox events. */
  public void removeInbox(Collection<InboxEvent> delivered) {
    beforeChange();
    inbox.removeAll(delivered);
  }

  /** Empties the inbox (the execution ended). */
  public void clearInbox() {
    beforeChange();
    inbox.clear();
  }

  /** Moves an ExecutionStarted event that was stored after other events to the front (load). */
  public void putExecutionStartedFirst() {
    for (int i = 1; i < inbox.size(); i++) {
      if (inbox.get(i).event().hasExecutionStarted()) {
        beforeChange();
        inbox.add(0, inbox.remove(i));
      }
    }
  }

  void addActivity(ActivityTask a) {
    beforeChange();
    activities.add(a);
  }

  void removeActivity(ActivityTask a) {
    beforeChange();
    activities.remove(a);
  }

  void lease(TaskLease l) {
    beforeChange();
    this.lease = l;
  }

  void clearLease(TaskLease l) {
    if (lease == l) {
      beforeChange();
      lease = null;
    }
  }

  /** Whether an inbox event may be delivered now (suspension holds all but suspend/resume). */
  public boolean deliverable(InboxEvent e, long now) {
    if (e.dueAt() > now) {
      return false;
    }
    if (status == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
      return e.event().hasExecutionStarted()
          || e.event().hasExecutionSuspended()
          || e.event().hasExecutionResumed();
    }
    return true;
  }

  /** The inbox events a work item would carry now, in arrival order. */
  public List<InboxEvent> deliverableEvents(long now) {
    List<InboxEvent> out = new ArrayList<>();
    if (!isActive()) {
      return out;
    }
    if (history.isEmpty()
        && (inbox.isEmpty()
            || !inbox.get(0).event().hasExecutionStarted()
            || inbox.get(0).dueAt() > now)) {
      // Nothing runs before the execution has started (e.g. a scheduled start).
      return out;
    }
    for (InboxEvent e : inbox) {
      if (deliverable(e, now)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The row that stores this instance. */
  public InstanceRow toRow() {
    return new InstanceRow(
        hub.name(),
        instanceId,
        executionId,
        name,
        version,
        status.getNumber(),
        input,
        output,
        customStatus,
        failure == null ? null : failure.toByteArray(),
        createdAt,
        lastUpdated,
        completedAt,
        scheduledStart,
        parent == null ? null : parent.getOrchestrationInstance().getInstanceId(),
        parent == null ? null : parent.toByteArray());
  }
}
