package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.CreateSubOrchestrationAction;
import io.durableentities.protocol.internal.EventRaisedEvent;
import io.durableentities.protocol.internal.EventSentEvent;
import io.durableentities.protocol.internal.ExecutionCompletedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.ScheduleTaskAction;
import io.durableentities.protocol.internal.SendEventAction;
import io.durableentities.protocol.internal.SubOrchestrationInstanceCreatedEvent;
import io.durableentities.protocol.internal.SubOrchestrationInstanceFailedEvent;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TaskScheduledEvent;
import io.durableentities.protocol.internal.TimerCreatedEvent;
import io.durableentities.protocol.internal.TimerFiredEvent;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.scheduler.internal.engine.entity.CriticalSections;
import io.durableentities.scheduler.internal.engine.entity.StoredEntities;
import io.durableentities.scheduler.internal.engine.state.ActivityTask;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.InboxEvent;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.TaskLease;
import io.durableentities.scheduler.internal.engine.write.WriteContext;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.telemetry.ReceiveSpans;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CompleteOrchestratorTask}, run on the writer thread. An orchestrator completion commits in
 * one transaction: the delivered events moved to the history, one history event per action ({@code
 * eventId} = action id) and everything the actions emit (activities, sub-orchestrations, timers,
 * events, entity messages, the end of the execution).
 *
 * <p>The rows of entity-message targets memory lacks are read before anything changes, so that an
 * unreadable row fails only this completion.
 */
public final class OrchestratorCompletion {

  private static final Logger log = LoggerFactory.getLogger(OrchestratorCompletion.class);

  private final Store store;
  private final Orchestrations orchestrations;
  private final EntityMessages entityMessages;
  private final CriticalSections criticalSections;
  private final StoredEntities stored;

  public OrchestratorCompletion(
      Store store,
      Orchestrations orchestrations,
      EntityMessages entityMessages,
      CriticalSections criticalSections,
      StoredEntities stored) {
    this.store = store;
    this.orchestrations = orchestrations;
    this.entityMessages = entityMessages;
    this.criticalSections = criticalSections;
    this.stored = stored;
  }

  /**
   * Commits an orchestrator work item's result (writer thread); {@code spans} (null for none) get
   * the receive spans of the entity messages it sends.
   */
  public void complete(
      EngineState s,
      String hub,
      Object connection,
      OrchestratorResponse r,
      WriteContext ctx,
      ReceiveSpans spans)
      throws SQLException {
    TaskLease lease =
        TaskLeaseResolver.resolve(
            s, hub, connection, r.getCompletionToken(), r.getInstanceId(), true);
    if (lease == null) {
      return;
    }
    long now = ctx.now();
    OrchestrationRuntime o = lease.orchestration();
    HubState h = o.hub();
    if (h.holds(o) && o.isActive() && o.executionId().equals(lease.executionId())) {
      for (OrchestratorAction a : r.getActionsList()) {
        for (String target : EntityMessages.targets(a)) {
          stored.prefetch(s, hub, target);
        }
      }
    }
    h.leases().retire(lease);
    if (!h.holds(o) || !o.isActive() || !o.executionId().equals(lease.executionId())) {
      log.debug("Ignored the completion of {}: the instance moved on", o.instanceId());
      return;
    }
    for (InboxEvent e : lease.delivered()) {
      store.orchestrations().deleteInbox(e.id());
    }
    o.removeInbox(lease.delivered());
    for (HistoryEvent e : lease.newEvents()) {
      orchestrations.appendHistory(o, e);
    }
    if (o.status() == OrchestrationStatus.ORCHESTRATION_STATUS_PENDING) {
      o.setStatus(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING, now);
    }
    if (r.hasCustomStatus()) {
      String custom = r.getCustomStatus().getValue();
      o.setCustomStatus(custom.isEmpty() ? null : custom);
    }
    o.touch(now);
    OrchestratorAction completion = null;
    TraceContext entityTrace = null;
    boolean entityTraceKnown = false;
    for (OrchestratorAction a : r.getActionsList()) {
      if (a.hasCompleteOrchestration()) {
        completion = a;
      } else {
        if (a.hasSendEntityMessage() && !entityTraceKnown) {
          entityTrace = EpisodeTraces.of(o, r);
          entityTraceKnown = true;
        }
        if (spans != null && entityTrace != null) {
          spans.entityMessage(o.instanceId(), a, entityTrace);
        }
        apply(s, o, a, entityTrace, now);
      }
    }
    if (completion != null) {
      completeOrchestration(s, o, completion, now);
    } else {
      orchestrations.persist(s, o);
      h.refresh(o, now);
    }
  }

  /**
   * Applies one action; {@code entityTrace} is the trace context an entity message carries (see
   * {@link EpisodeTraces}), null for none or for other actions.
   */
  private void apply(
      EngineState state,
      OrchestrationRuntime o,
      OrchestratorAction a,
      TraceContext entityTrace,
      long now)
      throws SQLException {
    HistoryEvent.Builder h = Protos.event(now).setEventId(a.getId());
    switch (a.getOrchestratorActionTypeCase()) {
      case SCHEDULETASK -> {
        ScheduleTaskAction t = a.getScheduleTask();
        TaskScheduledEvent.Builder scheduled = TaskScheduledEvent.newBuilder().setName(t.getName());
        ActivityRequest.Builder request =
            ActivityRequest.newBuilder()
                .setName(t.getName())
                .setOrchestrationInstance(instance(o))
                .setTaskId(a.getId())
                .putAllTags(t.getTagsMap());
        if (t.hasVersion()) {
          scheduled.setVersion(t.getVersion());
          request.setVersion(t.getVersion());
        }
        if (t.hasInput()) {
          scheduled.setInput(t.getInput());
          request.setInput(t.getInput());
        }
        if (t.hasParentTraceContext()) {
          request.setParentTraceContext(t.getParentTraceContext());
        }
        scheduled.putAllTags(t.getTagsMap());
        orchestrations.appendHistory(o, h.setTaskScheduled(scheduled).build());
        ActivityTask task =
            new ActivityTask(
                state.newActivityId(),
                o.hub(),
                o.instanceId(),
                o.executionId(),
                a.getId(),
                request.build(),
                now);
        store
            .orchestrations()
            .insertActivity(
                task.id(),
                o.hub().name(),
                o.instanceId(),
                o.executionId(),
                a.getId(),
                task.request().toByteArray(),
                now);
        o.hub().addActivity(task);
      }
      case CREATESUBORCHESTRATION -> createSubOrchestration(state, o, a, h, now);
      case CREATETIMER -> {
        orchestrations.appendHistory(
            o,
            h.setTimerCreated(
                    TimerCreatedEvent.newBuilder().setFireAt(a.getCreateTimer().getFireAt()))
                .build());
        orchestrations.addInbox(
            state,
            o,
            Protos.event(now)
                .setTimerFired(
                    TimerFiredEvent.newBuilder()
                        .setFireAt(a.getCreateTimer().getFireAt())
                        .setTimerId(a.getId()))
                .build(),
            Protos.millis(a.getCreateTimer().getFireAt()),
            now);
      }
      case SENDEVENT -> {
        SendEventAction s = a.getSendEvent();
        EventSentEvent.Builder sent =
            EventSentEvent.newBuilder()
                .setInstanceId(s.getInstance().getInstanceId())
                .setName(s.getName());
        EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(s.getName());
        if (s.hasData()) {
          sent.setInput(s.getData());
          raised.setInput(s.getData());
        }
        orchestrations.appendHistory(o, h.setEventSent(sent).build());
        orchestrations.deliver(
            state,
            o.hub(),
            s.getInstance().getInstanceId(),
            null,
            Protos.event(now).setEventRaised(raised).build(),
            now);
      }
      case TERMINATEORCHESTRATION -> {
        OrchestrationRuntime target =
            o.hub().instance(a.getTerminateOrchestration().getInstanceId());
        if (target != null && target != o) {
          orchestrations.terminate(
              state,
              target,
              a.getTerminateOrchestration().hasReason()
                  ? a.getTerminateOrchestration().getReason().getValue()
                  : null,
              a.getTerminateOrchestration().getRecurse(),
              now);
        }
      }
      case SENDENTITYMESSAGE -> entityMessages.send(state, o, a, entityTrace, now);
      default ->
          log.warn(
              "Orchestration {} (hub {}) sent an action this scheduler ignores: {}",
              o.instanceId(),
              o.hub().name(),
              a.getOrchestratorActionTypeCase());
    }
  }

  private void createSubOrchestration(
      EngineState s, OrchestrationRuntime o, OrchestratorAction a, HistoryEvent.Builder h, long now)
      throws SQLException {
    CreateSubOrchestrationAction c = a.getCreateSubOrchestration();
    String childId =
        c.getInstanceId().isEmpty()
            ? UUID.randomUUID().toString().replace("-", "")
            : c.getInstanceId();
    SubOrchestrationInstanceCreatedEvent.Builder created =
        SubOrchestrationInstanceCreatedEvent.newBuilder()
            .setInstanceId(childId)
            .setName(c.getName())
            .putAllTags(c.getTagsMap());
    if (c.hasVersion()) {
      created.setVersion(c.getVersion());
    }
    if (c.hasInput()) {
      created.setInput(c.getInput());
    }
    orchestrations.appendHistory(o, h.setSubOrchestrationInstanceCreated(created).build());
    OrchestrationRuntime existing = o.hub().instance(childId);
    if (childId.startsWith("@") || (existing != null && existing.isActive())) {
      orchestrations.addInbox(
          s,
          o,
          Protos.event(now)
              .setSubOrchestrationInstanceFailed(
                  SubOrchestrationInstanceFailedEvent.newBuilder()
                      .setTaskScheduledId(a.getId())
                      .setFailureDetails(
                          TaskFailureDetails.newBuilder()
                              .setErrorType("OrchestrationAlreadyExists")
                              .setErrorMessage(
                                  childId.startsWith("@")
                                      ? "Instance ids starting with '@' are reserved for entities"
                                      : "An orchestration with id '" + childId + "' is running")
                              .setIsNonRetriable(true)))
              .build(),
          0,
          now);
      return;
    }
    ParentInstanceInfo.Builder parent =
        ParentInstanceInfo.newBuilder()
            .setTaskScheduledId(a.getId())
            .setName(StringValue.of(o.name()))
            .setOrchestrationInstance(instance(o));
    if (o.version() != null) {
      parent.setVersion(StringValue.of(o.version()));
    }
    orchestrations.create(
        s,
        o.hub(),
        new Orchestrations.StartSpec(
            childId,
            c.getName(),
            c.hasVersion() ? c.getVersion().getValue() : null,
            c.hasInput() ? c.getInput().getValue() : null,
            0,
            parent.build(),
            c.getTagsMap(),
            c.hasParentTraceContext() ? c.getParentTraceContext() : null),
        now);
  }

  private void completeOrchestration(
      EngineState s, OrchestrationRuntime o, OrchestratorAction a, long now) throws SQLException {
    CompleteOrchestrationAction c = a.getCompleteOrchestration();
    OrchestrationStatus status = c.getOrchestrationStatus();
    ExecutionCompletedEvent.Builder done =
        ExecutionCompletedEvent.newBuilder().setOrchestrationStatus(status);
    if (c.hasResult()) {
      done.setResult(c.getResult());
    }
    if (c.hasFailureDetails()) {
      done.setFailureDetails(c.getFailureDetails());
    }
    if (status == OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW) {
      continueAsNew(s, o, c, now);
      return;
    }
    orchestrations.appendHistory(
        o, Protos.event(now).setEventId(a.getId()).setExecutionCompleted(done).build());
    if (!OrchestrationRuntime.isActive(status)) {
      orchestrations.finish(
          s,
          o,
          status,
          c.hasResult() ? c.getResult().getValue() : null,
          c.hasFailureDetails() ? c.getFailureDetails() : null,
          now);
    } else {
      orchestrations.persist(s, o);
      o.hub().refresh(o, now);
    }
  }

  /**
   * Starts a new execution of the same instance: the history is reset, the new ExecutionStarted
   * goes first, then the carried-over events, then what was still waiting in the inbox. Locks still
   * held are released.
   */
  private void continueAsNew(
      EngineState s, OrchestrationRuntime o, CompleteOrchestrationAction c, long now)
      throws SQLException {
    var tables = store.orchestrations();
    TraceContext trace = startedTraceContext(o);
    List<InboxEvent> waiting = new ArrayList<>(o.inbox());
    tables.deleteInboxOf(o.hub().name(), o.instanceId());
    tables.deleteHistory(o.hub().name(), o.instanceId());
    orchestrations.dropActivities(o);
    criticalSections.releaseAll(o, now);
    o.continueAsNew(
        UUID.randomUUID().toString().replace("-", ""),
        c.hasResult() ? c.getResult().getValue() : null,
        c.hasNewVersion() ? c.getNewVersion().getValue() : null,
        now);
    orchestrations.addInbox(
        s, o, orchestrations.executionStarted(o, c.getTagsMap(), trace), 0, now);
    for (HistoryEvent carried : c.getCarryoverEventsList()) {
      orchestrations.addInbox(s, o, carried, 0, now);
    }
    for (InboxEvent e : waiting) {
      if (!e.event().hasTimerFired()) {
        orchestrations.addInbox(s, o, e.event(), e.dueAt(), now);
      }
    }
    orchestrations.persist(s, o);
    o.hub().refresh(o, now);
  }

  static OrchestrationInstance instance(OrchestrationRuntime o) {
    return OrchestrationInstance.newBuilder()
        .setInstanceId(o.instanceId())
        .setExecutionId(StringValue.of(o.executionId()))
        .build();
  }

  /** The trace context the current execution was started with, carried on to the next one. */
  private static TraceContext startedTraceContext(OrchestrationRuntime o) {
    for (HistoryEvent e : o.history()) {
      if (e.hasExecutionStarted() && e.getExecutionStarted().hasParentTraceContext()) {
        return e.getExecutionStarted().getParentTraceContext();
      }
    }
    return null;
  }
}
