package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityUnlockSentEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.SendEntityMessageAction;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.scheduler.internal.engine.entity.EntityWrites;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.store.MessageRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SendEntityMessage} actions of an orchestration: recorded in its history as the same event
 * type with {@code eventId} = the action id, and sent to the target entity's queue (a signal, a
 * call carrying the orchestration as parent, a lock request to {@code lockSet[position]}, an
 * unlock), in the orchestration's completion transaction.
 */
public final class EntityMessages {

  private static final Logger log = LoggerFactory.getLogger(EntityMessages.class);

  private final Orchestrations orchestrations;
  private final EntityWrites writes;

  public EntityMessages(Orchestrations orchestrations, EntityWrites writes) {
    this.orchestrations = orchestrations;
    this.writes = writes;
  }

  /** The valid entity ids an action sends a message to (none for other actions), normalized. */
  static List<String> targets(OrchestratorAction a) {
    if (!a.hasSendEntityMessage()) {
      return List.of();
    }
    SendEntityMessageAction m = a.getSendEntityMessage();
    List<String> ids = new ArrayList<>();
    switch (m.getEntityMessageTypeCase()) {
      case ENTITYOPERATIONSIGNALED ->
          ids.add(m.getEntityOperationSignaled().getTargetInstanceId().getValue());
      case ENTITYOPERATIONCALLED ->
          ids.add(m.getEntityOperationCalled().getTargetInstanceId().getValue());
      case ENTITYLOCKREQUESTED -> ids.addAll(m.getEntityLockRequested().getLockSetList());
      case ENTITYUNLOCKSENT -> ids.add(m.getEntityUnlockSent().getTargetInstanceId().getValue());
      default -> {}
    }
    List<String> valid = new ArrayList<>(ids.size());
    for (String id : ids) {
      if (EntityIds.problem(id) == null) {
        valid.add(EntityIds.normalize(id));
      }
    }
    return valid;
  }

  /**
   * Records and sends one entity message; a signal or call carries {@code trace} (the trace context
   * of the episode that sent it, or null) to the operation it becomes.
   */
  void send(
      EngineState s, OrchestrationRuntime o, OrchestratorAction a, TraceContext trace, long now)
      throws SQLException {
    SendEntityMessageAction m = a.getSendEntityMessage();
    HistoryEvent.Builder history =
        HistoryEvent.newBuilder().setEventId(a.getId()).setTimestamp(Protos.timestamp(now));
    HubState h = o.hub();
    switch (m.getEntityMessageTypeCase()) {
      case ENTITYOPERATIONSIGNALED -> {
        EntityOperationSignaledEvent sig = m.getEntityOperationSignaled();
        orchestrations.appendHistory(o, history.setEntityOperationSignaled(sig).build());
        String target = target(o, sig.getTargetInstanceId().getValue());
        if (target == null) {
          return;
        }
        String requestId =
            sig.getRequestId().isEmpty() ? UUID.randomUUID().toString() : sig.getRequestId();
        HistoryEvent message =
            Protos.event(now)
                .setEntityOperationSignaled(
                    sig.toBuilder().clearTargetInstanceId().setRequestId(requestId))
                .build();
        long dueAt = sig.hasScheduledTime() ? Protos.millis(sig.getScheduledTime()) : 0;
        writes.enqueue(
            s,
            h,
            target,
            requestId,
            MessageRow.KIND_SIGNAL,
            null,
            null,
            message,
            trace,
            dueAt,
            now);
      }
      case ENTITYOPERATIONCALLED -> {
        EntityOperationCalledEvent c = m.getEntityOperationCalled();
        orchestrations.appendHistory(o, history.setEntityOperationCalled(c).build());
        String target = target(o, c.getTargetInstanceId().getValue());
        if (target == null) {
          return;
        }
        String parent =
            c.hasParentInstanceId() && !c.getParentInstanceId().getValue().isEmpty()
                ? c.getParentInstanceId().getValue()
                : o.instanceId();
        String parentExecution =
            c.hasParentExecutionId() && !c.getParentExecutionId().getValue().isEmpty()
                ? c.getParentExecutionId().getValue()
                : o.executionId();
        String requestId =
            c.getRequestId().isEmpty() ? UUID.randomUUID().toString() : c.getRequestId();
        HistoryEvent message =
            Protos.event(now)
                .setEntityOperationCalled(
                    c.toBuilder()
                        .clearTargetInstanceId()
                        .setRequestId(requestId)
                        .setParentInstanceId(StringValue.of(parent))
                        .setParentExecutionId(StringValue.of(parentExecution)))
                .build();
        long dueAt = c.hasScheduledTime() ? Protos.millis(c.getScheduledTime()) : 0;
        writes.enqueue(
            s,
            h,
            target,
            requestId,
            MessageRow.KIND_CALL,
            parent,
            parentExecution,
            message,
            trace,
            dueAt,
            now);
      }
      case ENTITYLOCKREQUESTED -> {
        EntityLockRequestedEvent r = m.getEntityLockRequested();
        orchestrations.appendHistory(o, history.setEntityLockRequested(r).build());
        o.markRequestedLocks();
        if (r.getPosition() < 0 || r.getPosition() >= r.getLockSetCount()) {
          log.warn(
              "Orchestration {} (hub {}) requested locks with position {} outside its lock set {}",
              o.instanceId(),
              h.name(),
              r.getPosition(),
              r.getLockSetList());
          return;
        }
        EntityLockRequestedEvent.Builder normalized = r.toBuilder().clearLockSet();
        for (String id : r.getLockSetList()) {
          String n = target(o, id);
          if (n == null) {
            return;
          }
          normalized.addLockSet(n);
        }
        normalized.setParentInstanceId(StringValue.of(o.instanceId()));
        HistoryEvent message = Protos.event(now).setEntityLockRequested(normalized).build();
        writes.enqueue(
            s,
            h,
            normalized.getLockSet(r.getPosition()),
            r.getCriticalSectionId(),
            MessageRow.KIND_LOCK,
            o.instanceId(),
            o.executionId(),
            message,
            null,
            0,
            now);
      }
      case ENTITYUNLOCKSENT -> {
        EntityUnlockSentEvent u = m.getEntityUnlockSent();
        orchestrations.appendHistory(o, history.setEntityUnlockSent(u).build());
        String target = target(o, u.getTargetInstanceId().getValue());
        if (target == null) {
          return;
        }
        String parent =
            u.hasParentInstanceId() && !u.getParentInstanceId().getValue().isEmpty()
                ? u.getParentInstanceId().getValue()
                : o.instanceId();
        HistoryEvent message =
            Protos.event(now)
                .setEntityUnlockSent(u.toBuilder().setParentInstanceId(StringValue.of(parent)))
                .build();
        writes.enqueue(
            s,
            h,
            target,
            u.getCriticalSectionId(),
            MessageRow.KIND_UNLOCK,
            parent,
            o.executionId(),
            message,
            null,
            0,
            now);
      }
      default ->
          log.warn(
              "Orchestration {} (hub {}) sent an empty entity message (action {})",
              o.instanceId(),
              h.name(),
              a.getId());
    }
  }

  private static String target(OrchestrationRuntime o, String id) {
    String problem = EntityIds.problem(id);
    if (problem != null) {
      log.warn(
          "Orchestration {} (hub {}) sent an entity message to an invalid id '{}': {}; dropped",
          o.instanceId(),
          o.hub().name(),
          EntityIds.abbreviate(id),
          problem);
      return null;
    }
    return EntityIds.normalize(id);
  }
}
