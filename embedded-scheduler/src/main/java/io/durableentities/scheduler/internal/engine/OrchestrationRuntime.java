package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.scheduler.internal.store.InstanceRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One orchestration instance in memory: its current execution's status, history and inbox (new
 * events, durable timers among them), and its in-flight work item. Mutated only by the writer
 * thread while it holds the engine lock.
 *
 * <p>A finished instance keeps its row (status, output, failure) in memory but not its history:
 * that is dropped once the commit that ended the execution is durable, and read from the store on
 * demand ({@link InstanceHistories}). So memory and start-up stay bounded by what is live.
 */
final class OrchestrationRuntime {

  /** An event waiting in the inbox; a timer is a {@code TimerFired} due later. */
  static final class InboxEvent {
    final long id;
    final HistoryEvent event;
    final long dueAt;

    InboxEvent(long id, HistoryEvent event, long dueAt) {
      this.id = id;
      this.event = event;
      this.dueAt = dueAt;
    }
  }

  final HubState hub;
  final String instanceId;
  String executionId;
  String name;
  String version;
  OrchestrationStatus status = OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
  String input;
  String output;
  String customStatus;
  TaskFailureDetails failure;
  long createdAt;
  long lastUpdated;
  long completedAt;
  long scheduledStart;
  ParentInstanceInfo parent;

  /** Whether this instance ever asked for entity locks (only those are scanned at its end). */
  boolean requestedLocks;

  /** Its scheduled activity tasks. */
  final Set<ActivityTask> activities = new LinkedHashSet<>();

  /**
   * The current execution's history while the instance is active (and until the commit that ended
   * it); null once it is only in the store.
   */
  List<HistoryEvent> history = new ArrayList<>();

  final List<InboxEvent> inbox = new ArrayList<>();
  TaskLease lease;

  OrchestrationRuntime(HubState hub, String instanceId) {
    this.hub = hub;
    this.instanceId = instanceId;
  }

  /** Running, pending or suspended: the instance can still receive and process events. */
  boolean isActive() {
    return isActive(status);
  }

  static boolean isActive(OrchestrationStatus s) {
    return s == OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING
        || s == OrchestrationStatus.ORCHESTRATION_STATUS_PENDING
        || s == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
  }

  /** Whether an inbox event may be delivered now (suspension holds all but suspend/resume). */
  boolean deliverable(InboxEvent e, long now) {
    if (e.dueAt > now) {
      return false;
    }
    if (status == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
      return e.event.hasExecutionStarted()
          || e.event.hasExecutionSuspended()
          || e.event.hasExecutionResumed();
    }
    return true;
  }

  /** The inbox events a work item would carry now, in arrival order. */
  List<InboxEvent> deliverableEvents(long now) {
    List<InboxEvent> out = new ArrayList<>();
    if (!isActive()) {
      return out;
    }
    if (history.isEmpty()
        && (inbox.isEmpty()
            || !inbox.get(0).event.hasExecutionStarted()
            || inbox.get(0).dueAt > now)) {
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

  /** The earliest future due time of an inbox event, or Long.MAX_VALUE. */
  long nextDueAfter(long now) {
    long next = Long.MAX_VALUE;
    for (InboxEvent e : inbox) {
      if (e.dueAt > now) {
        next = Math.min(next, e.dueAt);
      }
    }
    return next;
  }

  InstanceRow toRow() {
    return new InstanceRow(
        hub.name,
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
