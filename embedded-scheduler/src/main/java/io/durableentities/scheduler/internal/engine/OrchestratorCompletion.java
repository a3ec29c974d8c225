package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
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
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TaskFailedEvent;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TaskScheduledEvent;
import io.durableentities.protocol.internal.TimerCreatedEvent;
import io.durableentities.protocol.internal.TimerFiredEvent;
import io.durableentities.scheduler.internal.engine.GroupCommitWriter.WriteContext;
import io.durableentities.scheduler.internal.engine.OrchestrationRuntime.InboxEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CompleteOrchestratorTask}, {@code CompleteActivityTask} and the abandons, run on the
 * writer thread. An orchestrator completion commits in one transaction: the delivered events moved
 * to the history, one history event per action ({@code eventId} = action id) and everything the
 * actions emit (activities, sub-orchestrations, timers, events, entity messages, the end of the
 * execution).
 */
final class OrchestratorCompletion {

  private static final Logger log = LoggerFactory.getLogger(OrchestratorCompletion.class);

  private final Engine engine;
  private final Orchestrations orchestrations;
  private final EntityMessages entityMessages;
  private final TaskLeaseResolver resolver;

  OrchestratorCompletion(Engine engine) {
    this.engine = engine;
    this.orchestrations = engine.orchestrations;
    this.entityMessages = new EntityMessages(engine);
    this.resolver = new TaskLeaseResolver(engine);
  }

  void complete(String hub, Object connection, OrchestratorResponse r, WriteContext ctx)
      throws SQLException {
    TaskLease lease =
        resolver.resolve(hub, connection, r.getCompletionToken(), r.getInstanceId(), true);
    if (lease == null) {
      return;
    }
    long now = ctx.now;
    OrchestrationRuntime o = lease.orchestration;
    engine.orchestrationDispatch.retire(lease);
    if (o.hub.instances.get(o.instanceId) != o
        || !o.isActive()
        || !o.executionId.equals(lease.executionId)) {
      log.debug("Ignored the completion of {}: the instance moved on", o.instanceId);
      return;
    }
    for (InboxEvent e : lease.delivered) {
      engine.store.orchestrations().deleteInbox(e.id);
    }
    o.inbox.removeAll(lease.delivered);
    for (HistoryEvent e : lease.newEvents) {
      orchestrations.appendHistory(o, e);
    }
    if (o.status == OrchestrationStatus.ORCHESTRATION_STATUS_PENDING) {
      o.status = OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
    }
    if (r.hasCustomStatus()) {
      String custom = r.getCustomStatus().getValue();
      o.customStatus = custom.isEmpty() ? null : custom;
    }
    o.lastUpdated = now;
    OrchestratorAction completion = null;
    for (OrchestratorAction a : r.getActionsList()) {
      if (a.hasCompleteOrchestration()) {
        completion = a;
      } else {
        apply(o, a, now);
      }
    }
    if (completion != null) {
      completeOrchestration(o, completion, now);
    } else {
      orchestrations.persist(o);
      orchestrations.refresh(o, now);
    }
  }

  private void apply(OrchestrationRuntime o, OrchestratorAction a, long now) throws SQLException {
    HistoryEvent.Builder h = Orchestrations.event(now).setEventId(a.getId());
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
                orchestrations.nextActivityId++,
                o.hub,
                o.instanceId,
                o.executionId,
                a.getId(),
                request.build());
        engine
            .store
            .orchestrations()
            .insertActivity(
                task.id,
                o.hub.name,
                o.instanceId,
                o.executionId,
                a.getId(),
                task.request.toByteArray(),
                now);
        engine.orchestrationDispatch.addActivity(task);
      }
      case CREATESUBORCHESTRATION -> createSubOrchestration(o, a, h, now);
      case CREATETIMER -> {
        orchestrations.appendHistory(
            o,
            h.setTimerCreated(
                    TimerCreatedEvent.newBuilder().setFireAt(a.getCreateTimer().getFireAt()))
                .build());
        orchestrations.addInbox(
            o,
            Orchestrations.event(now)
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
            o.hub,
            s.getInstance().getInstanceId(),
            null,
            Orchestrations.event(now).setEventRaised(raised).build(),
            0,
            now);
      }
      case TERMINATEORCHESTRATION -> {
        OrchestrationRuntime target =
            o.hub.instances.get(a.getTerminateOrchestration().getInstanceId());
        if (target != null && target != o) {
          orchestrations.terminate(
              target,
              a.getTerminateOrchestration().hasReason()
                  ? a.getTerminateOrchestration().getReason().getValue()
                  : null,
              a.getTerminateOrchestration().getRecurse(),
              now);
        }
      }
      case SENDENTITYMESSAGE -> entityMessages.send(o, a, now);
      default ->
          log.warn(
              "Orchestration {} (hub {}) sent an action this scheduler ignores: {}",
              o.instanceId,
              o.hub.name,
              a.getOrchestratorActionTypeCase());
    }
  }

  private void createSubOrchestration(
      OrchestrationRuntime o, OrchestratorAction a, HistoryEvent.Builder h, long now)
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
    OrchestrationRuntime existing = o.hub.instances.get(childId);
    if (childId.startsWith("@") || (existing != null && existing.isActive())) {
      orchestrations.addInbox(
          o,
          Orchestrations.event(now)
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
            .setName(StringValue.of(o.name))
            .setOrchestrationInstance(instance(o));
    if (o.version != null) {
      parent.setVersion(StringValue.of(o.version));
    }
    orchestrations.create(
        o.hub,
        new Orchestrations.StartSpec(
            childId,
            c.getName(),
            c.hasVersion() ? c.getVersion().getValue() : null,
            c.hasInput() ? c.getInput().getValue() : null,
            0,
            parent.build(),
            c.getTagsMap()),
        now);
  }

  private void completeOrchestration(OrchestrationRuntime o, OrchestratorAction a, long now)
      throws SQLException {
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
      continueAsNew(o, c, now);
      return;
    }
    orchestrations.appendHistory(
        o, Orchestrations.event(now).setEventId(a.getId()).setExecutionCompleted(done).build());
    if (!OrchestrationRuntime.isActive(status)) {
      orchestrations.finish(
          o,
          status,
          c.hasResult() ? c.getResult().getValue() : null,
          c.hasFailureDetails() ? c.getFailureDetails() : null,
          now);
    } else {
      orchestrations.persist(o);
      orchestrations.refresh(o, now);
    }
  }

  /**
   * Starts a new execution of the same instance: the history is reset, the new ExecutionStarted
   * goes first, then the carried-over events, then what was still waiting in the inbox. Locks still
   * held are released.
   */
  private void continueAsNew(OrchestrationRuntime o, CompleteOrchestrationAction c, long now)
      throws SQLException {
    var tables = engine.store.orchestrations();
    List<InboxEvent> waiting = new ArrayList<>(o.inbox);
    tables.deleteInboxOf(o.hub.name, o.instanceId);
    tables.deleteHistory(o.hub.name, o.instanceId);
    o.inbox.clear();
    o.history.clear();
    orchestrations.dropActivities(o);
    engine.entityLocks.releaseAll(o, now);
    o.executionId = UUID.randomUUID().toString().replace("-", "");
    o.input = c.hasResult() ? c.getResult().getValue() : null;
    if (c.hasNewVersion()) {
      o.version = c.getNewVersion().getValue();
    }
    o.status = OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
    o.output = null;
    o.failure = null;
    o.lastUpdated = now;
    o.scheduledStart = 0;
    orchestrations.addInbox(o, orchestrations.executionStarted(o, c.getTagsMap()), 0, now);
    for (HistoryEvent carried : c.getCarryoverEventsList()) {
      orchestrations.addInbox(o, carried, 0, now);
    }
    for (InboxEvent e : waiting) {
      if (!e.event.hasTimerFired()) {
        orchestrations.addInbox(o, e.event, e.dueAt, now);
      }
    }
    orchestrations.persist(o);
    orchestrations.refresh(o, now);
  }

  static OrchestrationInstance instance(OrchestrationRuntime o) {
    return OrchestrationInstance.newBuilder()
        .setInstanceId(o.instanceId)
        .setExecutionId(StringValue.of(o.executionId))
        .build();
  }

  void completeActivity(String hub, Object connection, ActivityResponse r, WriteContext ctx)
      throws SQLException {
    TaskLease lease = resolver.resolveActivity(hub, connection, r);
    if (lease == null) {
      return;
    }
    ActivityTask a = lease.activity;
    engine.orchestrationDispatch.retire(lease);
    if (engine.orchestrationDispatch.activities.get(a.id) != a) {
      return;
    }
    engine.orchestrationDispatch.dropActivity(a);
    HistoryEvent.Builder e = Orchestrations.event(ctx.now);
    if (r.hasFailureDetails()) {
      e.setTaskFailed(
          TaskFailedEvent.newBuilder()
              .setTaskScheduledId(a.taskId)
              .setFailureDetails(r.getFailureDetails()));
    } else {
      TaskCompletedEvent.Builder done =
          TaskCompletedEvent.newBuilder().setTaskScheduledId(a.taskId);
      if (r.hasResult()) {
        done.setResult(r.getResult());
      }
      e.setTaskCompleted(done);
    }
    orchestrations.deliver(a.hub, a.instanceId, a.executionId, e.build(), 0, ctx.now);
  }

  void abandon(
      String hub, Object connection, String token, boolean orchestrator, WriteContext ctx) {
    TaskLease lease = resolver.resolve(hub, connection, token, null, orchestrator);
    if (lease != null) {
      engine.orchestrationDispatch.release(lease, "the worker abandoned it", ctx.now);
    }
  }
}
