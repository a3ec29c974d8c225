package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityOperationCompletedEvent;
import io.durableentities.protocol.internal.EntityOperationFailedEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OperationInfo;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Lease;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.engine.write.WriteContext;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.Store;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CompleteEntityTask} and {@code AbandonTaskEntityWorkItem}, run on the writer thread.
 *
 * <p>A completion commits, in the writer's transaction: the new state (unset = deleted), the
 * dequeue of the first {@code results.size()} operations (the rest stay queued), responses to
 * calling orchestrations, emitted signals (fresh GUID request ids) and orchestration starts. A
 * completion that would store something bad (oversized state, a malformed target id, more results
 * than operations) commits nothing of the batch, counts as a failed delivery and answers with an
 * error naming the entity.
 *
 * <p>The rows of signal targets memory lacks are read before anything changes, so that an
 * unreadable row fails only this completion.
 */
public final class BatchCompletion {

  private static final Logger log = LoggerFactory.getLogger(BatchCompletion.class);

  private final EngineConfig config;
  private final Store store;
  private final EntityWrites writes;
  private final Redelivery redelivery;
  private final OrchestrationMessages orchestrations;

  public BatchCompletion(
      EngineConfig config,
      Store store,
      EntityWrites writes,
      Redelivery redelivery,
      OrchestrationMessages orchestrations) {
    this.config = config;
    this.store = store;
    this.writes = writes;
    this.redelivery = redelivery;
    this.orchestrations = orchestrations;
  }

  /** Commits a batch result (writer thread). */
  public void complete(
      EngineState s, String hub, Object connection, EntityBatchResult r, WriteContext ctx)
      throws SQLException {
    Lease lease =
        resolve(
            s,
            hub,
            connection,
            r.getCompletionToken(),
            r.getOperationInfosList(),
            "CompleteEntityTask");
    long now = ctx.now();
    EntityRuntime e = lease.entity();
    StatusRuntimeException problem = validate(lease, r);
    if (problem == null) {
      for (OperationAction a : r.getActionsList()) {
        if (a.hasSendSignal()) {
          writes.stored().prefetch(s, hub, EntityIds.normalize(a.getSendSignal().getInstanceId()));
        }
      }
    }
    lease.stream().completedEntityWork();
    if (problem != null) {
      redelivery.release(s, lease, true, problem.getStatus().getDescription(), now);
      ctx.failAfterCommit(problem);
      return;
    }
    int executed = r.getResultsCount();
    if (executed == 0 && r.hasFailureDetails()) {
      redelivery.release(
          s,
          lease,
          true,
          "the worker failed the batch: "
              + r.getFailureDetails().getErrorType()
              + ": "
              + r.getFailureDetails().getErrorMessage(),
          now);
      return;
    }
    e.hub().leases().retire(lease);
    e.resetBackOff();
    e.setState(r.hasEntityState() ? r.getEntityState().getValue() : null, now);
    e.removeAll(lease.operations().subList(0, executed));
    for (int i = 0; i < executed; i++) {
      QueuedMessage m = lease.operations().get(i);
      s.consumed().consume(store, m.id());
      if (m.isCall()) {
        OperationInfo info = i < r.getOperationInfosCount() ? r.getOperationInfos(i) : null;
        answerCall(s, e, m, r.getResults(i), info, now);
      }
    }
    for (OperationAction a : r.getActionsList()) {
      if (a.hasSendSignal()) {
        sendSignal(s, e, a.getSendSignal(), now);
      } else {
        orchestrations.startFromEntity(s, e, a.getStartNewOrchestration(), now);
      }
    }
    writes.persistAndRefresh(e, now);
    log.debug(
        "Entity {} (hub {}) completed {} of {} operation(s)",
        e.instanceId(),
        hub,
        executed,
        lease.operations().size());
  }

  /** Gives a leased batch back (writer thread). */
  public void abandon(
      EngineState s,
      String hub,
      Object connection,
      String token,
      boolean shutdown,
      WriteContext ctx)
      throws SQLException {
    Lease lease = resolve(s, hub, connection, token, List.of(), "AbandonTaskEntityWorkItem");
    redelivery.abandon(
        s,
        lease,
        !shutdown,
        shutdown ? "the worker abandoned it while shutting down" : "the worker abandoned it",
        ctx.now());
  }

  /**
   * Finds the live lease a completion or abandon refers to. A non-empty token must match a live
   * lease; an empty token (older SDKs) is matched to the one lease held on the caller's connection
   * (narrowed by the request ids of {@code operationInfos} when given).
   */
  private static Lease resolve(
      EngineState s,
      String hub,
      Object connection,
      String token,
      List<OperationInfo> infos,
      String rpc) {
    HubState h = s.hub(hub);
    if (!token.isEmpty()) {
      Lease lease = h == null ? null : h.leases().entityLease(token);
      if (lease != null) {
        return lease;
      }
      String entity = h == null ? null : h.leases().retiredEntity(token);
      throw Status.FAILED_PRECONDITION
          .withDescription(
              rpc
                  + ": the completion token '"
                  + EntityIds.abbreviate(token)
                  + "'"
                  + (entity == null ? "" : " of entity " + entity)
                  + " does not match a live work item in task hub '"
                  + hub
                  + "': it was already completed or abandoned, or its lease expired and the"
                  + " operations were delivered again")
          .asRuntimeException();
    }
    List<Lease> candidates = new ArrayList<>();
    for (Lease l : h == null ? List.<Lease>of() : h.leases().entityLeases()) {
      if (Objects.equals(l.stream().connection(), connection) && matches(l, infos)) {
        candidates.add(l);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw Status.FAILED_PRECONDITION
        .withDescription(
            rpc
                + " without a completion token: "
                + (candidates.isEmpty()
                    ? "no entity work item is leased on this connection"
                    : candidates.size()
                        + " entity work items are leased on this connection ("
                        + candidates.stream().map(l -> l.entity().instanceId()).toList()
                        + ")")
                + "; send the completionToken of the work item")
        .asRuntimeException();
  }

  private static boolean matches(Lease lease, List<OperationInfo> infos) {
    if (infos.size() > lease.operations().size()) {
      return false;
    }
    for (int i = 0; i < infos.size(); i++) {
      if (!infos.get(i).getRequestId().equals(lease.operations().get(i).requestId())) {
        return false;
      }
    }
    return true;
  }

  private StatusRuntimeException validate(Lease lease, EntityBatchResult r) {
    String id = lease.entity().instanceId();
    if (r.getResultsCount() > lease.operations().size()) {
      return invalid(
          "CompleteEntityTask for entity "
              + id
              + " reports "
              + r.getResultsCount()
              + " results, but the work item had "
              + lease.operations().size()
              + " operation(s)");
    }
    if (r.hasEntityState()) {
      int size = Protos.utf8Length(r.getEntityState().getValue());
      if (size > config.maxEntityStateBytes()) {
        return Status.RESOURCE_EXHAUSTED
            .withDescription(
                "The new state of entity "
                    + id
                    + " is "
                    + size
                    + " bytes, above the limit of "
                    + config.maxEntityStateBytes()
                    + " bytes (maxEntityStateBytes); the batch was not committed and will be"
                    + " delivered again")
            .asRuntimeException();
      }
    }
    for (int i = 0; i < r.getActionsCount(); i++) {
      OperationAction a = r.getActions(i);
      String where = "CompleteEntityTask for entity " + id + ", action " + i + ": ";
      if (a.hasSendSignal()) {
        String problem = EntityIds.problem(a.getSendSignal().getInstanceId());
        if (problem != null) {
          return invalid(
              where
                  + "invalid signal target '"
                  + EntityIds.abbreviate(a.getSendSignal().getInstanceId())
                  + "': "
                  + problem);
        }
        if (a.getSendSignal().getName().isEmpty()) {
          return invalid(where + "the signal has no operation name");
        }
      } else if (a.hasStartNewOrchestration()) {
        StartNewOrchestrationAction o = a.getStartNewOrchestration();
        if (o.getName().isEmpty()) {
          return invalid(where + "the orchestration to start has no name");
        }
        if (o.getInstanceId().startsWith("@")) {
          return invalid(
              where
                  + "orchestration instance ids starting with '@' are reserved for entities: '"
                  + EntityIds.abbreviate(o.getInstanceId())
                  + "'");
        }
      } else {
        return invalid(where + "neither sendSignal nor startNewOrchestration is set");
      }
    }
    return null;
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  private void answerCall(
      EngineState s,
      EntityRuntime e,
      QueuedMessage m,
      OperationResult result,
      OperationInfo info,
      long now)
      throws SQLException {
    String instance = m.parentInstanceId();
    String execution = m.parentExecutionId();
    if (info != null
        && info.hasResponseDestination()
        && !info.getResponseDestination().getInstanceId().isEmpty()) {
      instance = info.getResponseDestination().getInstanceId();
      execution =
          info.getResponseDestination().hasExecutionId()
              ? info.getResponseDestination().getExecutionId().getValue()
              : execution;
    }
    if (instance == null) {
      log.debug("Call {} to entity {} has no caller to answer", m.requestId(), e.instanceId());
      return;
    }
    HistoryEvent.Builder event = Protos.event(now);
    if (result.hasFailure()) {
      event.setEntityOperationFailed(
          EntityOperationFailedEvent.newBuilder()
              .setRequestId(m.requestId())
              .setFailureDetails(result.getFailure().getFailureDetails()));
    } else {
      EntityOperationCompletedEvent.Builder done =
          EntityOperationCompletedEvent.newBuilder().setRequestId(m.requestId());
      if (result.hasSuccess() && result.getSuccess().hasResult()) {
        done.setOutput(result.getSuccess().getResult());
      }
      event.setEntityOperationCompleted(done);
    }
    orchestrations.deliver(s, e.hub(), instance, execution, event.build(), now);
  }

  private void sendSignal(EngineState state, EntityRuntime source, SendSignalAction s, long now)
      throws SQLException {
    String target = EntityIds.normalize(s.getInstanceId());
    String requestId = UUID.randomUUID().toString();
    EntityOperationSignaledEvent.Builder signaled =
        EntityOperationSignaledEvent.newBuilder().setRequestId(requestId).setOperation(s.getName());
    if (s.hasInput()) {
      signaled.setInput(s.getInput());
    }
    if (s.hasScheduledTime()) {
      signaled.setScheduledTime(s.getScheduledTime());
    }
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(-1)
            .setTimestamp(s.hasRequestTime() ? s.getRequestTime() : Protos.timestamp(now))
            .setEntityOperationSignaled(signaled)
            .build();
    long dueAt = s.hasScheduledTime() ? Protos.millis(s.getScheduledTime()) : 0;
    writes.enqueue(
        state,
        source.hub(),
        target,
        requestId,
        MessageRow.KIND_SIGNAL,
        null,
        null,
        event,
        s.hasParentTraceContext() ? s.getParentTraceContext() : null,
        dueAt,
        now);
  }
}
