package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCompletedEvent;
import io.durableentities.protocol.internal.SubOrchestrationInstanceFailedEvent;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.scheduler.internal.engine.OrchestrationRuntime.InboxEvent;
import io.durableentities.scheduler.internal.store.OrchestrationTables;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of orchestration instances, run on the writer thread under the engine lock:
 * creation (with scheduled starts), the inbox (new events, durable timers), history, the end of an
 * execution (locks released, parent notified, waiters woken) and termination.
 */
final class Orchestrations {

  private static final Logger log = LoggerFactory.getLogger(Orchestrations.class);

  record Timer(long dueAt, OrchestrationRuntime instance) {}

  /** Parameters of a new execution. */
  record StartSpec(
      String instanceId,
      String name,
      String version,
      String input,
      long startAt,
      ParentInstanceInfo parent,
      Map<String, String> tags) {}

  final Engine engine;
  final OrchestrationTables tables;
  final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::dueAt));

  /** Instances changed in the current group, checked against the waiters after the commit. */
  final Set<OrchestrationRuntime> changed = new LinkedHashSet<>();

  /** Instances that finished in the current group: their history leaves memory after the commit. */
  private final List<OrchestrationRuntime> finished = new ArrayList<>();

  /** The histories for the read paths, from memory or the store. */
  final InstanceHistories histories;

  long nextInboxId = 1;
  long nextActivityId = 1;

  Orchestrations(Engine engine) {
    this.engine = engine;
    this.tables = engine.store.orchestrations();
    this.histories = new InstanceHistories(engine);
  }

  // ---------------------------------------------------------------------------------------
  // Creation
  // ---------------------------------------------------------------------------------------

  /** Creates (or replaces) an instance with a new execution; its ExecutionStarted is queued. */
  OrchestrationRuntime create(HubState h, StartSpec spec, long now) throws SQLException {
    OrchestrationRuntime old = h.instances.get(spec.instanceId());
    if (old != null) {
      if (old.isActive()) {
        terminate(old, "Replaced by a new instance with the same id", false, now);
      }
      forget(old);
    }
    OrchestrationRuntime o = new OrchestrationRuntime(h, spec.instanceId());
    o.executionId = UUID.randomUUID().toString().replace("-", "");
    o.name = spec.name();
    o.version = spec.version();
    o.input = spec.input();
    o.createdAt = now;
    o.lastUpdated = now;
    o.parent = spec.parent();
    o.scheduledStart = spec.startAt() > now ? spec.startAt() : 0;
    h.instances.put(o.instanceId, o);
    addInbox(o, executionStarted(o, spec.tags()), o.scheduledStart, now);
    persist(o);
    log.debug("Created orchestration {} ({}) in hub {}", o.instanceId, o.name, h.name);
    return o;
  }

  HistoryEvent executionStarted(OrchestrationRuntime o, Map<String, String> tags) {
    ExecutionStartedEvent.Builder started =
        ExecutionStartedEvent.newBuilder()
            .setName(o.name)
            .setOrchestrationInstance(
                OrchestrationInstance.newBuilder()
                    .setInstanceId(o.instanceId)
                    .setExecutionId(StringValue.of(o.executionId)));
    if (o.version != null) {
      started.setVersion(StringValue.of(o.version));
    }
    if (o.input != null) {
      started.setInput(StringValue.of(o.input));
    }
    if (o.parent != null) {
      started.setParentInstance(o.parent);
    }
    if (o.scheduledStart > 0) {
      started.setScheduledStartTimestamp(Protos.timestamp(o.scheduledStart));
    }
    if (tags != null) {
      started.putAllTags(tags);
    }
    return event(o.createdAt).setExecutionStarted(started).build();
  }

  static HistoryEvent.Builder event(long now) {
    return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(Protos.timestamp(now));
  }

  /** Drops an instance's rows and memory (replacement, purge). */
  void forget(OrchestrationRuntime o) throws SQLException {
    HubState h = o.hub;
    tables.deleteInstance(h.name, o.instanceId);
    h.instances.remove(o.instanceId, o);
    h.readyOrchestrations.remove(o);
    dropActivities(o);
    if (o.lease != null) {
      engine.orchestrationDispatch.abandonMovedOn(o.lease);
    }
  }

  /** Drops the activity tasks an instance scheduled (its execution ended or moved on). */
  void dropActivities(OrchestrationRuntime o) throws SQLException {
    for (ActivityTask a : List.copyOf(o.activities)) {
      engine.orchestrationDispatch.dropActivity(a);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Inbox and history
  // ---------------------------------------------------------------------------------------

  /**
   * Delivers an event to an instance's inbox when the instance is active and (if given) on the same
   * execution; otherwise drops it and returns false.
   */
  boolean deliver(
      HubState h, String instanceId, String executionId, HistoryEvent event, long dueAt, long now)
      throws SQLException {
    OrchestrationRuntime o = h.instances.get(instanceId);
    if (o == null
        || !o.isActive()
        || (executionId != null && !executionId.isEmpty() && !executionId.equals(o.executionId))) {
      log.debug(
          "Dropped a {} event for orchestration {} (hub {}): it is not running",
          event.getEventTypeCase(),
          instanceId,
          h.name);
      return false;
    }
    addInbox(o, event, dueAt, now);
    return true;
  }

  void addInbox(OrchestrationRuntime o, HistoryEvent event, long dueAt, long now)
      throws SQLException {
    InboxEvent e = new InboxEvent(nextInboxId++, event, dueAt);
    tables.insertInbox(
        e.id, o.hub.name, o.instanceId, o.executionId, event.toByteArray(), now, dueAt);
    o.inbox.add(e);
    if (dueAt > now) {
      timers.add(new Timer(dueAt, o));
    }
    refresh(o, now);
  }

  void appendHistory(OrchestrationRuntime o, HistoryEvent event) throws SQLException {
    tables.insertHistory(
        o.hub.name, o.instanceId, o.executionId, o.history.size(), event.toByteArray());
    o.history.add(event);
  }

  void persist(OrchestrationRuntime o) throws SQLException {
    tables.upsertInstance(o.toRow());
    changed.add(o);
  }

  /** Recomputes whether an instance has work to dispatch. */
  void refresh(OrchestrationRuntime o, long now) {
    HubState h = o.hub;
    if (o.lease == null
        && h.instances.get(o.instanceId) == o
        && !o.deliverableEvents(now).isEmpty()) {
      h.readyOrchestrations.add(o);
    } else {
      h.readyOrchestrations.remove(o);
    }
  }

  /** Makes instances whose timers are due ready. */
  void runTimers(long now) {
    while (!timers.isEmpty() && timers.peek().dueAt() <= now) {
      OrchestrationRuntime o = timers.poll().instance();
      if (o.hub.instances.get(o.instanceId) == o) {
        refresh(o, now);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // End of an execution
  // ---------------------------------------------------------------------------------------

  /**
   * Ends the current execution: records the outcome, clears the inbox and scheduled activities,
   * releases the entity locks the instance still holds and notifies a parent orchestration.
   */
  void finish(
      OrchestrationRuntime o,
      OrchestrationStatus status,
      String output,
      TaskFailureDetails failure,
      long now)
      throws SQLException {
    o.status = status;
    o.output = output;
    o.failure = failure;
    o.completedAt = now;
    o.lastUpdated = now;
    for (InboxEvent e : o.inbox) {
      tables.deleteInbox(e.id);
    }
    o.inbox.clear();
    dropActivities(o);
    engine.entityLocks.releaseAll(o, now);
    persist(o);
    refresh(o, now);
    notifyParent(o, now);
    finished.add(o);
    log.debug("Orchestration {} (hub {}) ended: {}", o.instanceId, o.hub.name, status);
  }

  /**
   * Called after each commit (or rollback): the instances that finished in the group have their
   * history in the store now, so memory forgets it ({@link InstanceHistories} reads it on demand).
   * Never earlier, so a reader cannot find an instance without a history that is not yet durable.
   */
  void dropFinishedHistories() {
    for (OrchestrationRuntime o : finished) {
      if (!o.isActive()) {
        o.history = null;
      }
    }
    finished.clear();
  }

  private void notifyParent(OrchestrationRuntime o, long now) throws SQLException {
    if (o.parent == null) {
      return;
    }
    OrchestrationInstance p = o.parent.getOrchestrationInstance();
    HistoryEvent.Builder e = event(now);
    if (o.status == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
      SubOrchestrationInstanceCompletedEvent.Builder done =
          SubOrchestrationInstanceCompletedEvent.newBuilder()
              .setTaskScheduledId(o.parent.getTaskScheduledId());
      if (o.output != null) {
        done.setResult(StringValue.of(o.output));
      }
      e.setSubOrchestrationInstanceCompleted(done);
    } else {
      TaskFailureDetails details =
          o.failure != null
              ? o.failure
              : TaskFailureDetails.newBuilder()
                  .setErrorType("OrchestrationTerminated")
                  .setErrorMessage(
                      "Sub-orchestration "
                          + o.instanceId
                          + " ended with status "
                          + o.status
                          + (o.output == null ? "" : ": " + o.output))
                  .setIsNonRetriable(true)
                  .build();
      e.setSubOrchestrationInstanceFailed(
          SubOrchestrationInstanceFailedEvent.newBuilder()
              .setTaskScheduledId(o.parent.getTaskScheduledId())
              .setFailureDetails(details));
    }
    deliver(
        o.hub,
        p.getInstanceId(),
        p.hasExecutionId() ? p.getExecutionId().getValue() : null,
        e.build(),
        0,
        now);
  }

  /** Terminates an active instance (and, when asked, its active sub-orchestrations). */
  void terminate(OrchestrationRuntime o, String reason, boolean recursive, long now)
      throws SQLException {
    if (!o.isActive()) {
      return;
    }
    if (o.lease != null) {
      engine.orchestrationDispatch.abandonMovedOn(o.lease);
    }
    HistoryEvent.Builder terminated = event(now);
    var t = terminated.getExecutionTerminatedBuilder().setRecurse(recursive);
    if (reason != null) {
      t.setInput(StringValue.of(reason));
    }
    appendHistory(o, terminated.build());
    finish(o, OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED, reason, null, now);
    if (recursive) {
      for (OrchestrationRuntime child : List.copyOf(o.hub.instances.values())) {
        if (child.parent != null
            && child.parent.getOrchestrationInstance().getInstanceId().equals(o.instanceId)) {
          terminate(child, reason, true, now);
        }
      }
    }
  }

  /** Whether an instance is running or suspended (lock holders). */
  boolean isRunning(String hub, String instanceId) {
    HubState h = engine.hubs.get(hub);
    OrchestrationRuntime o = h == null ? null : h.instances.get(instanceId);
    return o != null && o.isActive();
  }

  static ParentInstanceInfo parseParent(byte[] bytes) {
    try {
      return bytes == null ? null : ParentInstanceInfo.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored instance is corrupt: " + e.getMessage(), e);
    }
  }

  static TaskFailureDetails parseFailure(byte[] bytes) {
    try {
      return bytes == null ? null : TaskFailureDetails.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored instance is corrupt: " + e.getMessage(), e);
    }
  }
}
