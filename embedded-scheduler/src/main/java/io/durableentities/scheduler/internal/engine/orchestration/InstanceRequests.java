package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.EventRaisedEvent;
import io.durableentities.protocol.internal.ExecutionResumedEvent;
import io.durableentities.protocol.internal.ExecutionSuspendedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.RestartInstanceRequest;
import io.durableentities.protocol.internal.RestartInstanceResponse;
import io.durableentities.protocol.internal.RewindInstanceRequest;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.scheduler.internal.engine.entity.EntityWrites;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.write.StateWork;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The client RPCs that change an instance ({@code StartInstance}, {@code RaiseEvent}, {@code
 * TerminateInstance}, {@code SuspendInstance}, {@code ResumeInstance}, {@code RestartInstance},
 * {@code RewindInstance}): each is validated on the caller's thread and returns the write the
 * writer runs.
 */
public final class InstanceRequests {

  private final Orchestrations orchestrations;
  private final EntityWrites writes;
  private final InstanceRewind rewinds;

  public InstanceRequests(Orchestrations orchestrations, EntityWrites writes) {
    this.orchestrations = orchestrations;
    this.writes = writes;
    this.rewinds = new InstanceRewind(orchestrations);
  }

  /**
   * Refuses an empty id or one reserved for entities.
   *
   * @throws StatusRuntimeException INVALID_ARGUMENT naming the RPC
   */
  public static void requireOrchestrationId(String rpc, String instanceId) {
    if (instanceId.isEmpty()) {
      throw Status.INVALID_ARGUMENT
          .withDescription(rpc + ": the instance id is empty")
          .asRuntimeException();
    }
    if (instanceId.startsWith("@")) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              rpc
                  + ": instance ids starting with '@' are reserved for entities: '"
                  + EntityIds.abbreviate(instanceId)
                  + "'")
          .asRuntimeException();
    }
  }

  static StatusRuntimeException notFound(String rpc, String instanceId) {
    return Status.NOT_FOUND
        .withDescription(
            rpc + ": no orchestration instance '" + EntityIds.abbreviate(instanceId) + "'")
        .asRuntimeException();
  }

  /** Creates an instance (scheduled start, id reuse policy). */
  public StateWork<CreateInstanceResponse> start(String hub, CreateInstanceRequest r) {
    String id = r.getInstanceId().isEmpty() ? UUID.randomUUID().toString() : r.getInstanceId();
    requireOrchestrationId("StartInstance", id);
    if (r.getName().isEmpty()) {
      throw Status.INVALID_ARGUMENT
          .withDescription("StartInstance: the orchestration name is empty")
          .asRuntimeException();
    }
    Set<OrchestrationStatus> replaceable =
        r.hasOrchestrationIdReusePolicy()
            ? Set.copyOf(r.getOrchestrationIdReusePolicy().getReplaceableStatusList())
            : Set.of();
    return (s, ctx) -> {
      OrchestrationRuntime existing = orchestrations.stored().find(s, hub, id);
      if (existing != null) {
        boolean allowed =
            replaceable.isEmpty() ? !existing.isActive() : replaceable.contains(existing.status());
        if (!allowed) {
          throw Status.ALREADY_EXISTS
              .withDescription(
                  "StartInstance: an orchestration with id '"
                      + EntityIds.abbreviate(id)
                      + "' already exists with status "
                      + existing.status()
                      + "; choose another id or pass an orchestrationIdReusePolicy that"
                      + " allows replacing that status")
              .asRuntimeException();
        }
      }
      HubState h = writes.hub(s, hub, ctx.now());
      orchestrations.create(
          s,
          h,
          new Orchestrations.StartSpec(
              id,
              r.getName(),
              r.hasVersion() ? r.getVersion().getValue() : null,
              r.hasInput() ? r.getInput().getValue() : null,
              r.hasScheduledStartTimestamp() ? Protos.millis(r.getScheduledStartTimestamp()) : 0,
              null,
              r.getTagsMap(),
              r.hasParentTraceContext() ? r.getParentTraceContext() : null),
          ctx.now());
      return CreateInstanceResponse.newBuilder().setInstanceId(id).build();
    };
  }

  /** Queues an external event (ignored once the instance finished). */
  public StateWork<Void> raiseEvent(String hub, RaiseEventRequest r) {
    requireOrchestrationId("RaiseEvent", r.getInstanceId());
    EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(r.getName());
    if (r.hasInput()) {
      raised.setInput(r.getInput());
    }
    return writeTo(
        hub,
        r.getInstanceId(),
        "RaiseEvent",
        (s, o, now) -> {
          if (o.isActive()) {
            orchestrations.addInbox(s, o, Protos.event(now).setEventRaised(raised).build(), 0, now);
          }
        });
  }

  /** Terminates an instance (and its sub-orchestrations when recursive). */
  public StateWork<Void> terminate(String hub, TerminateRequest r) {
    requireOrchestrationId("TerminateInstance", r.getInstanceId());
    return writeTo(
        hub,
        r.getInstanceId(),
        "TerminateInstance",
        (s, o, now) ->
            orchestrations.terminate(
                s, o, r.hasOutput() ? r.getOutput().getValue() : null, r.getRecursive(), now));
  }

  /** Suspends an instance: new events wait until it is resumed. */
  public StateWork<Void> suspend(String hub, String instanceId, StringValue reason) {
    requireOrchestrationId("SuspendInstance", instanceId);
    return writeTo(
        hub,
        instanceId,
        "SuspendInstance",
        (s, o, now) -> {
          if (!o.isActive() || o.status() == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
            return;
          }
          o.setStatus(OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED, now);
          ExecutionSuspendedEvent.Builder e = ExecutionSuspendedEvent.newBuilder();
          if (reason != null) {
            e.setInput(reason);
          }
          orchestrations.addInbox(s, o, Protos.event(now).setExecutionSuspended(e).build(), 0, now);
          orchestrations.persist(s, o);
        });
  }

  /** Resumes a suspended instance; the events held meanwhile are delivered. */
  public StateWork<Void> resume(String hub, String instanceId, StringValue reason) {
    requireOrchestrationId("ResumeInstance", instanceId);
    return writeTo(
        hub,
        instanceId,
        "ResumeInstance",
        (s, o, now) -> {
          if (o.status() != OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
            return;
          }
          o.setStatus(
              o.historySize() == 0
                  ? OrchestrationStatus.ORCHESTRATION_STATUS_PENDING
                  : OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING,
              now);
          ExecutionResumedEvent.Builder e = ExecutionResumedEvent.newBuilder();
          if (reason != null) {
            e.setInput(reason);
          }
          orchestrations.addInbox(s, o, Protos.event(now).setExecutionResumed(e).build(), 0, now);
          orchestrations.persist(s, o);
          o.hub().refresh(o, now);
        });
  }

  /**
   * Starts a finished instance again from the start, with the name, version and input of its latest
   * execution, under its own id or a new one; the new instance has no parent.
   */
  public StateWork<RestartInstanceResponse> restart(String hub, RestartInstanceRequest r) {
    String id = r.getInstanceId();
    requireOrchestrationId("RestartInstance", id);
    boolean newId = r.getRestartWithNewInstanceId();
    return (s, ctx) -> {
      OrchestrationRuntime o = orchestrations.stored().find(s, hub, id);
      if (o == null) {
        throw notFound("RestartInstance", id);
      }
      HubState h = o.hub();
      if (!newId && o.isActive()) {
        throw Status.FAILED_PRECONDITION
            .withDescription(
                "RestartInstance: orchestration '"
                    + id
                    + "' is "
                    + o.status()
                    + "; only a finished orchestration can be restarted under the same id: wait"
                    + " for it to finish, terminate it first, or restart it with a new instance id")
            .asRuntimeException();
      }
      Map<String, String> tags =
          orchestrations.currentHistory(o).stream()
              .filter(HistoryEvent::hasExecutionStarted)
              .findFirst()
              .map(e -> e.getExecutionStarted().getTagsMap())
              .orElse(Map.of());
      String restartedId = newId ? UUID.randomUUID().toString().replace("-", "") : id;
      orchestrations.create(
          s,
          h,
          new Orchestrations.StartSpec(
              restartedId, o.name(), o.version(), o.input(), 0, null, tags),
          ctx.now());
      return RestartInstanceResponse.newBuilder().setInstanceId(restartedId).build();
    };
  }

  /** Rewinds a failed instance: see {@link InstanceRewind}. */
  public StateWork<Void> rewind(String hub, RewindInstanceRequest r) {
    requireOrchestrationId("RewindInstance", r.getInstanceId());
    String reason = r.hasReason() ? r.getReason().getValue() : null;
    return writeTo(
        hub,
        r.getInstanceId(),
        "RewindInstance",
        (s, o, now) -> rewinds.rewind(s, o, reason, o.parent(), now));
  }

  private interface InstanceWrite {
    void run(EngineState s, OrchestrationRuntime o, long now) throws SQLException;
  }

  private StateWork<Void> writeTo(String hub, String instanceId, String rpc, InstanceWrite write) {
    return (s, ctx) -> {
      OrchestrationRuntime o = orchestrations.stored().find(s, hub, instanceId);
      if (o == null) {
        throw notFound(rpc, instanceId);
      }
      write.run(s, o, ctx.now());
      return null;
    };
  }
}
