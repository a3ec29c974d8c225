package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCompletedEvent;
import io.durableentities.protocol.internal.SubOrchestrationInstanceFailedEvent;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.scheduler.internal.engine.entity.CriticalSections;
import io.durableentities.scheduler.internal.engine.entity.OrchestrationMessages;
import io.durableentities.scheduler.internal.engine.state.ActivityTask;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.InboxEvent;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of orchestration instances, run on the writer thread: creation (with scheduled
 * starts), the inbox (new events, durable timers), history, the end of an execution (locks
 * released, parent notified, waiters woken) and termination. Also what entities send to
 * orchestrations ({@link OrchestrationMessages}).
 */
public final class Orchestrations implements OrchestrationMessages {

  private static final Logger log = LoggerFactory.getLogger(Orchestrations.class);

  /** Parameters of a new execution. */
  public record StartSpec(
      String instanceId,
      String name,
      String version,
      String input,
      long startAt,
      ParentInstanceInfo parent,
      Map<String, String> tags,
      TraceContext parentTraceContext) {

    /** A start with no trace context. */
    public StartSpec(
        String instanceId,
        String name,
        String version,
        String input,
        long startAt,
        ParentInstanceInfo parent,
        Map<String, String> tags) {
      this(instanceId, name, version, input, startAt, parent, tags, null);
    }
  }

  private final Store store;
  private final CriticalSections criticalSections;
  private final StoredInstances stored;

  /**
   * @param criticalSections releases the locks an instance still holds when an execution ends
   */
  public Orchestrations(Store store, CriticalSections criticalSections) {
    this.store = store;
    this.criticalSections = criticalSections;
    this.stored = new StoredInstances(store);
  }

  /** The finished instances memory lacks, read for the writer. */
  public StoredInstances stored() {
    return stored;
  }

  // ---------------------------------------------------------------------------------------
  // Creation
  // ---------------------------------------------------------------------------------------

  /** Creates (or replaces) an instance with a new execution; its ExecutionStarted is queued. */
  public OrchestrationRuntime create(EngineState s, HubState h, StartSpec spec, long now)
      throws SQLException {
    OrchestrationRuntime old = stored.find(s, h, spec.instanceId());
    if (old != null) {
      if (old.isActive()) {
        terminate(s, old, "Replaced by a new instance with the same id", false, now);
      }
      forget(old);
    }
    OrchestrationRuntime o =
        OrchestrationRuntime.created(
            h,
            spec.instanceId(),
            UUID.randomUUID().toString().replace("-", ""),
            spec.name(),
            spec.version(),
            spec.input(),
            spec.parent(),
            spec.startAt() > now ? spec.startAt() : 0,
            now);
    h.putInstance(o);
    addInbox(
        s, o, executionStarted(o, spec.tags(), spec.parentTraceContext()), o.scheduledStart(), now);
    persist(s, o);
    log.debug("Created orchestration {} ({}) in hub {}", o.instanceId(), o.name(), h.name());
    return o;
  }

  @Override
  public void startFromEntity(
      EngineState s, EntityRuntime source, StartNewOrchestrationAction a, long now)
      throws SQLException {
    String instanceId =
        a.getInstanceId().isEmpty()
            ? UUID.randomUUID().toString().replace("-", "")
            : a.getInstanceId();
    long startAt = a.hasScheduledTime() ? Protos.millis(a.getScheduledTime()) : 0;
    HubState h = source.hub();
    OrchestrationRuntime existing = h.instance(instanceId);
    if (existing != null && existing.isActive()) {
      log.warn(
          "Entity {} (hub {}) asked to start orchestration {}, which is already running; ignored",
          source.instanceId(),
          h.name(),
          instanceId);
      return;
    }
    create(
        s,
        h,
        new StartSpec(
            instanceId,
            a.getName(),
            a.hasVersion() ? a.getVersion().getValue() : null,
            a.hasInput() ? a.getInput().getValue() : null,
            startAt,
            null,
            null,
            a.hasParentTraceContext() ? a.getParentTraceContext() : null),
        now);
  }

  /**
   * The ExecutionStarted event of an instance's current execution, carrying the W3C trace context
   * of whoever started it (null for none) to the workers.
   */
  HistoryEvent executionStarted(
      OrchestrationRuntime o, Map<String, String> tags, TraceContext parentTraceContext) {
    ExecutionStartedEvent.Builder started =
        ExecutionStartedEvent.newBuilder()
            .setName(o.name())
            .setOrchestrationInstance(
                OrchestrationInstance.newBuilder()
                    .setInstanceId(o.instanceId())
                    .setExecutionId(StringValue.of(o.executionId())));
    if (o.version() != null) {
      started.setVersion(StringValue.of(o.version()));
    }
    if (o.input() != null) {
      started.setInput(StringValue.of(o.input()));
    }
    if (o.parent() != null) {
      started.setParentInstance(o.parent());
    }
    if (o.scheduledStart() > 0) {
      started.setScheduledStartTimestamp(Protos.timestamp(o.scheduledStart()));
    }
    if (tags != null) {
      started.putAllTags(tags);
    }
    if (parentTraceContext != null) {
      started.setParentTraceContext(parentTraceContext);
    }
    return Protos.event(o.createdAt()).setExecutionStarted(started).build();
  }

  /** Drops an instance's rows and memory (replacement, purge). */
  public void forget(OrchestrationRuntime o) throws SQLException {
    HubState h = o.hub();
    store.orchestrations().deleteInstance(h.name(), o.instanceId());
    h.removeInstance(o);
    dropActivities(o);
    if (o.lease() != null) {
      h.leases().retireMovedOn(o.lease());
    }
  }

  /** Drops the activity tasks an instance scheduled (its execution ended or moved on). */
  void dropActivities(OrchestrationRuntime o) throws SQLException {
    for (ActivityTask a : List.copyOf(o.activities())) {
      dropActivity(a);
    }
  }

  /** Drops one activity task; a leased one's completion will be accepted and ignored. */
  void dropActivity(ActivityTask a) throws SQLException {
    a.hub().removeActivity(a);
    store.orchestrations().deleteActivity(a.id());
    if (a.lease() != null) {
      a.hub().leases().retireMovedOn(a.lease());
    }
  }

  // ---------------------------------------------------------------------------------------
  // Inbox and history
  // ---------------------------------------------------------------------------------------

  @Override
  public boolean deliver(
      EngineState s,
      HubState h,
      String instanceId,
      String executionId,
      HistoryEvent event,
      long now)
      throws SQLException {
    OrchestrationRuntime o = h.instance(instanceId);
    if (o == null
        || !o.isActive()
        || (executionId != null
            && !executionId.isEmpty()
            && !executionId.equals(o.executionId()))) {
      log.debug(
          "Dropped a {} event for orchestration {} (hub {}): it is not running",
          event.getEventTypeCase(),
          instanceId,
          h.name());
      return false;
    }
    addInbox(s, o, event, 0, now);
    return true;
  }

  /** Adds an event to an instance's inbox (due at {@code dueAt}, 0 for now). */
  void addInbox(EngineState s, OrchestrationRuntime o, HistoryEvent event, long dueAt, long now)
      throws SQLException {
    InboxEvent e = new InboxEvent(s.newInboxId(), event, dueAt);
    store
        .orchestrations()
        .insertInbox(
            e.id(),
            o.hub().name(),
            o.instanceId(),
            o.executionId(),
            event.toByteArray(),
            now,
            dueAt);
    o.addInbox(e);
    if (dueAt > now) {
      o.hub().addTimer(dueAt, o);
    }
    o.hub().refresh(o, now);
  }

  /** Appends an event to the current execution's history, in memory and in the store. */
  void appendHistory(OrchestrationRuntime o, HistoryEvent event) throws SQLException {
    store
        .orchestrations()
        .insertHistory(
            o.hub().name(), o.instanceId(), o.executionId(), o.historySize(), event.toByteArray());
    o.appendHistory(event);
  }

  /** The current execution's history: from memory, or from the store once it left memory. */
  List<HistoryEvent> currentHistory(OrchestrationRuntime o) throws SQLException {
    if (o.history() != null) {
      return List.copyOf(o.history());
    }
    List<HistoryEvent> events = new ArrayList<>();
    for (byte[] e :
        store.orchestrations().readHistory(o.hub().name(), o.instanceId(), o.executionId())) {
      events.add(Protos.parseEvent(e));
    }
    return events;
  }

  /**
   * Deletes an instance's stored history and inbox: its execution is replaced in place (rewind).
   */
  void clearStoredExecution(OrchestrationRuntime o) throws SQLException {
    store.orchestrations().deleteHistory(o.hub().name(), o.instanceId());
    store.orchestrations().deleteInboxOf(o.hub().name(), o.instanceId());
  }

  /** Writes an instance's row; waiters look at it after the commit. */
  void persist(EngineState s, OrchestrationRuntime o) throws SQLException {
    store.orchestrations().upsertInstance(o.toRow());
    s.instanceChanged(o);
  }

  // ---------------------------------------------------------------------------------------
  // End of an execution
  // ---------------------------------------------------------------------------------------

  /**
   * Ends the current execution: records the outcome, clears the inbox and scheduled activities,
   * releases the entity locks the instance still holds and notifies a parent orchestration.
   */
  void finish(
      EngineState s,
      OrchestrationRuntime o,
      OrchestrationStatus status,
      String output,
      TaskFailureDetails failure,
      long now)
      throws SQLException {
    o.finish(status, output, failure, now);
    for (InboxEvent e : o.inbox()) {
      store.orchestrations().deleteInbox(e.id());
    }
    o.clearInbox();
    dropActivities(o);
    criticalSections.releaseAll(o, now);
    persist(s, o);
    o.hub().refresh(o, now);
    notifyParent(s, o, now);
    s.instanceFinished(o);
    log.debug("Orchestration {} (hub {}) ended: {}", o.instanceId(), o.hub().name(), status);
  }

  private void notifyParent(EngineState s, OrchestrationRuntime o, long now) throws SQLException {
    if (o.parent() == null) {
      return;
    }
    OrchestrationInstance p = o.parent().getOrchestrationInstance();
    HistoryEvent.Builder e = Protos.event(now);
    if (o.status() == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
      SubOrchestrationInstanceCompletedEvent.Builder done =
          SubOrchestrationInstanceCompletedEvent.newBuilder()
              .setTaskScheduledId(o.parent().getTaskScheduledId());
      if (o.output() != null) {
        done.setResult(StringValue.of(o.output()));
      }
      e.setSubOrchestrationInstanceCompleted(done);
    } else {
      TaskFailureDetails details =
          o.failure() != null
              ? o.failure()
              : TaskFailureDetails.newBuilder()
                  .setErrorType("OrchestrationTerminated")
                  .setErrorMessage(
                      "Sub-orchestration "
                          + o.instanceId()
                          + " ended with status "
                          + o.status()
                          + (o.output() == null ? "" : ": " + o.output()))
                  .setIsNonRetriable(true)
                  .build();
      e.setSubOrchestrationInstanceFailed(
          SubOrchestrationInstanceFailedEvent.newBuilder()
              .setTaskScheduledId(o.parent().getTaskScheduledId())
              .setFailureDetails(details));
    }
    deliver(
        s,
        o.hub(),
        p.getInstanceId(),
        p.hasExecutionId() ? p.getExecutionId().getValue() : null,
        e.build(),
        now);
  }

  /** Terminates an active instance (and, when asked, its active sub-orchestrations). */
  void terminate(EngineState s, OrchestrationRuntime o, String reason, boolean recursive, long now)
      throws SQLException {
    if (!o.isActive()) {
      return;
    }
    if (o.lease() != null) {
      o.hub().leases().retireMovedOn(o.lease());
    }
    HistoryEvent.Builder terminated = Protos.event(now);
    var t = terminated.getExecutionTerminatedBuilder().setRecurse(recursive);
    if (reason != null) {
      t.setInput(StringValue.of(reason));
    }
    appendHistory(o, terminated.build());
    finish(s, o, OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED, reason, null, now);
    if (recursive) {
      for (OrchestrationRuntime child : List.copyOf(o.hub().instances().values())) {
        if (child.parent() != null
            && child.parent().getOrchestrationInstance().getInstanceId().equals(o.instanceId())) {
          terminate(s, child, reason, true, now);
        }
      }
    }
  }

  /** Makes the instances whose timers are due ready, in every hub. */
  public void runTimers(EngineState s, long now) {
    for (HubState h : s.hubs()) {
      OrchestrationRuntime o;
      while ((o = h.pollDueInstance(now)) != null) {
        if (h.holds(o)) {
          h.refresh(o, now);
        }
      }
    }
  }
}
