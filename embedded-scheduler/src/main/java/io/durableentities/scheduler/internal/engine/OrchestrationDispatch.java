package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.Duration;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorEntityParameters;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.engine.OrchestrationRuntime.InboxEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orchestrator and activity work items: dispatch to streams that take them (filters, limits, flow
 * control), leases with completion tokens, and their release (abandon, lost stream, expiry), after
 * which the work is delivered again. Runs on the writer thread after each commit.
 */
final class OrchestrationDispatch {

  private static final Logger log = LoggerFactory.getLogger(OrchestrationDispatch.class);

  private final Engine engine;

  /** Live leases by completion token. */
  final Map<String, TaskLease> leases = new HashMap<>();

  /**
   * Tokens of work items whose instance moved on while they were leased (terminated, replaced,
   * purged, continued as new): their completions are accepted and ignored, not refused.
   */
  final Map<String, Boolean> movedOn =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 10_000;
        }
      };

  /** Scheduled activity tasks by id. */
  final Map<Long, ActivityTask> activities = new HashMap<>();

  OrchestrationDispatch(Engine engine) {
    this.engine = engine;
  }

  void addActivity(ActivityTask a) {
    activities.put(a.id, a);
    a.hub.readyActivities.add(a);
    OrchestrationRuntime o = a.hub.instances.get(a.instanceId);
    if (o != null) {
      o.activities.add(a);
    }
  }

  void dropActivity(ActivityTask a) throws SQLException {
    activities.remove(a.id);
    OrchestrationRuntime o = a.hub.instances.get(a.instanceId);
    if (o != null) {
      o.activities.remove(a);
    }
    a.hub.readyActivities.remove(a);
    engine.store.orchestrations().deleteActivity(a.id);
    if (a.lease != null) {
      movedOn.put(a.lease.token, Boolean.TRUE);
      retire(a.lease);
    }
  }

  /** Retires a lease whose instance moved on; its completion will be ignored. */
  void abandonMovedOn(TaskLease lease) {
    movedOn.put(lease.token, Boolean.TRUE);
    retire(lease);
  }

  void dispatch(HubState h, long now) {
    if (h.streams.isEmpty()) {
      return;
    }
    Iterator<OrchestrationRuntime> orchestrations = h.readyOrchestrations.iterator();
    while (orchestrations.hasNext() && anyCapacity(h, true)) {
      OrchestrationRuntime o = orchestrations.next();
      WorkStream s = pick(h, o.name, true);
      if (s == null) {
        continue;
      }
      List<InboxEvent> events = o.deliverableEvents(now);
      orchestrations.remove();
      if (!events.isEmpty()) {
        sendOrchestrator(o, events, s, now);
      }
    }
    Iterator<ActivityTask> tasks = h.readyActivities.iterator();
    while (tasks.hasNext() && anyCapacity(h, false)) {
      ActivityTask a = tasks.next();
      WorkStream s = pick(h, a.request.getName(), false);
      if (s == null) {
        continue;
      }
      tasks.remove();
      sendActivity(a, s, now);
    }
  }

  private static boolean anyCapacity(HubState h, boolean orchestration) {
    for (WorkStream s : h.streams) {
      if (orchestration ? s.hasOrchestrationCapacity() : s.hasActivityCapacity()) {
        return true;
      }
    }
    return false;
  }

  private static WorkStream pick(HubState h, String name, boolean orchestration) {
    WorkStream best = null;
    for (WorkStream s : h.streams) {
      boolean fits =
          orchestration
              ? s.acceptsOrchestration(name) && s.hasOrchestrationCapacity()
              : s.acceptsActivity(name) && s.hasActivityCapacity();
      if (fits && (best == null || s.taskLeases.size() < best.taskLeases.size())) {
        best = s;
      }
    }
    return best;
  }

  private void sendOrchestrator(
      OrchestrationRuntime o, List<InboxEvent> events, WorkStream s, long now) {
    String token = UUID.randomUUID().toString();
    List<HistoryEvent> newEvents = new ArrayList<>();
    newEvents.add(
        Orchestrations.event(now)
            .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance())
            .build());
    for (InboxEvent e : events) {
      newEvents.add(e.event);
    }
    OrchestratorRequest request =
        OrchestratorRequest.newBuilder()
            .setInstanceId(o.instanceId)
            .setExecutionId(StringValue.of(o.executionId))
            .addAllPastEvents(o.history)
            .addAllNewEvents(newEvents)
            .setEntityParameters(
                OrchestratorEntityParameters.newBuilder()
                    .setEntityMessageReorderWindow(Duration.getDefaultInstance()))
            .build();
    WorkItem item =
        WorkItem.newBuilder().setOrchestratorRequest(request).setCompletionToken(token).build();
    if (!send(s, item)) {
      o.hub.readyOrchestrations.add(o);
      return;
    }
    TaskLease lease =
        TaskLease.orchestrator(
            token, s, now + engine.config.leaseTimeoutMillis(), o, events, newEvents);
    o.lease = lease;
    s.leasedOrchestrations++;
    track(lease);
  }

  private void sendActivity(ActivityTask a, WorkStream s, long now) {
    String token = UUID.randomUUID().toString();
    WorkItem item =
        WorkItem.newBuilder().setActivityRequest(a.request).setCompletionToken(token).build();
    if (!send(s, item)) {
      a.hub.readyActivities.add(a);
      return;
    }
    TaskLease lease = TaskLease.activity(token, s, now + engine.config.leaseTimeoutMillis(), a);
    a.lease = lease;
    s.leasedActivities++;
    track(lease);
  }

  private void track(TaskLease lease) {
    leases.put(lease.token, lease);
    lease.stream.taskLeases.add(lease);
  }

  private static boolean send(WorkStream s, WorkItem item) {
    try {
      s.observer.onNext(item);
      return true;
    } catch (RuntimeException ex) {
      log.debug("Could not send a work item on {}; treating the stream as gone", s, ex);
      s.closed = true;
      return false;
    }
  }

  /** Forgets a lease (completed, released, or its instance moved on). */
  void retire(TaskLease lease) {
    if (leases.remove(lease.token) == null) {
      return;
    }
    lease.stream.taskLeases.remove(lease);
    if (lease.orchestration != null) {
      lease.stream.leasedOrchestrations--;
      if (lease.orchestration.lease == lease) {
        lease.orchestration.lease = null;
      }
    } else {
      lease.stream.leasedActivities--;
      if (lease.activity.lease == lease) {
        lease.activity.lease = null;
      }
    }
  }

  /** Ends a lease without committing: the work is delivered again. */
  void release(TaskLease lease, String reason, long now) {
    retire(lease);
    log.info(
        "Work item of orchestration {} (hub {}) goes back to the queue: {}",
        lease.instanceId(),
        lease.hub().name,
        reason);
    if (lease.orchestration != null) {
      engine.orchestrations.refresh(lease.orchestration, now);
    } else if (activities.get(lease.activity.id) == lease.activity) {
      lease.activity.hub.readyActivities.add(lease.activity);
    }
  }

  /** Releases the leases of a stream that ended. */
  void streamClosed(WorkStream s, long now) {
    for (TaskLease l : List.copyOf(s.taskLeases)) {
      release(l, "the worker's stream " + s + " ended", now);
    }
  }

  /** Releases expired leases. */
  void expire(long now) {
    List<TaskLease> expired = new ArrayList<>();
    for (TaskLease l : leases.values()) {
      if (l.expiresAt <= now) {
        expired.add(l);
      }
    }
    for (TaskLease l : expired) {
      release(l, "its lease expired after " + engine.config.leaseTimeoutMillis() + " ms", now);
    }
  }

  /** Drops all memory (recovery after a failed write). */
  void clear() {
    leases.clear();
    activities.clear();
    movedOn.clear();
  }
}
