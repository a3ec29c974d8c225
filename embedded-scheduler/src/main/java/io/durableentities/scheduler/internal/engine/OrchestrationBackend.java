package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.BoolValue;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.EventRaisedEvent;
import io.durableentities.protocol.internal.ExecutionResumedEvent;
import io.durableentities.protocol.internal.ExecutionSuspendedEvent;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.ListInstanceIdsRequest;
import io.durableentities.protocol.internal.ListInstanceIdsResponse;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.TerminateRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The entry points of the orchestration backend, one per RPC. Requests are validated on the
 * caller's thread; writes go through the group-commit writer and complete after the commit; reads
 * come from memory.
 */
public final class OrchestrationBackend {

  private final Engine engine;
  private final OrchestratorCompletion completion;
  private final OrchestrationQueries queries;
  private final InstancePurger purger;

  /** Serves the orchestration RPCs from an engine. */
  public OrchestrationBackend(Engine engine) {
    this.engine = engine;
    this.completion = new OrchestratorCompletion(engine);
    this.queries = new OrchestrationQueries(engine);
    this.purger = new InstancePurger(engine);
  }

  private static void requireOrchestrationId(String rpc, String instanceId) {
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

  private static StatusRuntimeException notFound(String rpc, String instanceId) {
    return Status.NOT_FOUND
        .withDescription(rpc + ": no orchestration instance '" + instanceId + "'")
        .asRuntimeException();
  }

  /** Creates an instance (scheduled start, id reuse policy); completes once durable. */
  public CompletableFuture<CreateInstanceResponse> start(String hub, CreateInstanceRequest r) {
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
    return engine.writer.submit(
        ctx -> {
          HubState h = engine.hubForWrite(hub, ctx.now);
          OrchestrationRuntime existing = h.instances.get(id);
          if (existing != null) {
            boolean allowed =
                replaceable.isEmpty()
                    ? !existing.isActive()
                    : replaceable.contains(existing.status);
            if (!allowed) {
              throw Status.ALREADY_EXISTS
                  .withDescription(
                      "StartInstance: an orchestration with id '"
                          + id
                          + "' already exists with status "
                          + existing.status
                          + "; choose another id or pass an orchestrationIdReusePolicy that"
                          + " allows replacing that status")
                  .asRuntimeException();
            }
          }
          engine.orchestrations.create(
              h,
              new Orchestrations.StartSpec(
                  id,
                  r.getName(),
                  r.hasVersion() ? r.getVersion().getValue() : null,
                  r.hasInput() ? r.getInput().getValue() : null,
                  r.hasScheduledStartTimestamp()
                      ? Protos.millis(r.getScheduledStartTimestamp())
                      : 0,
                  null,
                  r.getTagsMap()),
              ctx.now);
          return CreateInstanceResponse.newBuilder().setInstanceId(id).build();
        });
  }

  /** Answers GetInstance from memory ({@code exists=false} for unknown and entity ids). */
  public GetInstanceResponse get(String hub, GetInstanceRequest r) {
    return queries.get(hub, r.getInstanceId(), r.getGetInputsAndOutputs());
  }

  /** Answers once the instance has started (is no longer pending). */
  public void waitForStart(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    await(hub, r, out, o -> o.status != OrchestrationStatus.ORCHESTRATION_STATUS_PENDING);
  }

  /** Answers once the instance has finished (completed, failed or terminated). */
  public void waitForCompletion(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    await(hub, r, out, o -> !o.isActive());
  }

  private void await(
      String hub,
      GetInstanceRequest r,
      ServerCallStreamObserver<GetInstanceResponse> out,
      Predicate<OrchestrationRuntime> condition) {
    String key = Waiters.key(hub, r.getInstanceId());
    AtomicBoolean answered = new AtomicBoolean();
    Waiters.Waiter waiter =
        new Waiters.Waiter(
            condition,
            o -> {
              if (answered.compareAndSet(false, true)) {
                try {
                  out.onNext(OrchestrationQueries.response(o, r.getGetInputsAndOutputs()));
                  out.onCompleted();
                } catch (RuntimeException e) {
                  // The caller went away.
                }
              }
            });
    out.setOnCancelHandler(
        () -> {
          answered.set(true);
          engine.lock.lock();
          try {
            engine.waiters.remove(key, waiter);
          } finally {
            engine.lock.unlock();
          }
        });
    engine.lock.lock();
    try {
      OrchestrationRuntime o = queries.find(hub, r.getInstanceId());
      if (o != null && condition.test(o)) {
        waiter.done.accept(o);
        return;
      }
      if (!out.isCancelled()) {
        engine.waiters.add(key, waiter);
      }
    } finally {
      engine.lock.unlock();
    }
  }

  /** The number of waiting long polls (for tests and diagnostics). */
  public int waiterCount() {
    engine.lock.lock();
    try {
      return engine.waiters.count();
    } finally {
      engine.lock.unlock();
    }
  }

  /** Queues an external event. */
  public CompletableFuture<Void> raiseEvent(String hub, RaiseEventRequest r) {
    requireOrchestrationId("RaiseEvent", r.getInstanceId());
    EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(r.getName());
    if (r.hasInput()) {
      raised.setInput(r.getInput());
    }
    return writeTo(
        hub,
        r.getInstanceId(),
        "RaiseEvent",
        (o, now) -> {
          if (o.isActive()) {
            engine.orchestrations.addInbox(
                o, Orchestrations.event(now).setEventRaised(raised).build(), 0, now);
          }
        });
  }

  /** Terminates an instance (and its sub-orchestrations when recursive). */
  public CompletableFuture<Void> terminate(String hub, TerminateRequest r) {
    requireOrchestrationId("TerminateInstance", r.getInstanceId());
    return writeTo(
        hub,
        r.getInstanceId(),
        "TerminateInstance",
        (o, now) ->
            engine.orchestrations.terminate(
                o, r.hasOutput() ? r.getOutput().getValue() : null, r.getRecursive(), now));
  }

  /** Suspends an instance: new events wait until it is resumed. */
  public CompletableFuture<Void> suspend(String hub, String instanceId, StringValue reason) {
    requireOrchestrationId("SuspendInstance", instanceId);
    return writeTo(
        hub,
        instanceId,
        "SuspendInstance",
        (o, now) -> {
          if (!o.isActive() || o.status == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
            return;
          }
          o.status = OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
          o.lastUpdated = now;
          ExecutionSuspendedEvent.Builder e = ExecutionSuspendedEvent.newBuilder();
          if (reason != null) {
            e.setInput(reason);
          }
          engine.orchestrations.addInbox(
              o, Orchestrations.event(now).setExecutionSuspended(e).build(), 0, now);
          engine.orchestrations.persist(o);
        });
  }

  /** Resumes a suspended instance; the events held meanwhile are delivered. */
  public CompletableFuture<Void> resume(String hub, String instanceId, StringValue reason) {
    requireOrchestrationId("ResumeInstance", instanceId);
    return writeTo(
        hub,
        instanceId,
        "ResumeInstance",
        (o, now) -> {
          if (o.status != OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
            return;
          }
          o.status =
              o.history.isEmpty()
                  ? OrchestrationStatus.ORCHESTRATION_STATUS_PENDING
                  : OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
          o.lastUpdated = now;
          ExecutionResumedEvent.Builder e = ExecutionResumedEvent.newBuilder();
          if (reason != null) {
            e.setInput(reason);
          }
          engine.orchestrations.addInbox(
              o, Orchestrations.event(now).setExecutionResumed(e).build(), 0, now);
          engine.orchestrations.persist(o);
          engine.orchestrations.refresh(o, now);
        });
  }

  private interface InstanceWrite {
    void run(OrchestrationRuntime o, long now) throws SQLException;
  }

  private CompletableFuture<Void> writeTo(
      String hub, String instanceId, String rpc, InstanceWrite write) {
    return engine.writer.submit(
        ctx -> {
          OrchestrationRuntime o = queries.find(hub, instanceId);
          if (o == null) {
            throw notFound(rpc, instanceId);
          }
          write.run(o, ctx.now);
          return null;
        });
  }

  /**
   * The history of an instance's current execution ({@code StreamInstanceHistory} and the
   * dashboard): from memory while the instance is active, from the store once it finished. May read
   * the disk: call it off the transport threads.
   *
   * @param executionId the execution asked for, or null for the current one
   * @throws StatusRuntimeException NOT_FOUND for an unknown instance or an execution other than the
   *     current one (earlier executions are not kept)
   */
  public List<HistoryEvent> history(String hub, String instanceId, String executionId) {
    requireOrchestrationId("StreamInstanceHistory", instanceId);
    return engine.orchestrations.histories.read(
        "StreamInstanceHistory", hub, instanceId, executionId);
  }

  /** Answers QueryInstances from memory. */
  public QueryInstancesResponse query(String hub, InstanceQuery q) {
    return queries.query(hub, q);
  }

  /** Answers ListInstanceIds from memory. */
  public ListInstanceIdsResponse listInstanceIds(String hub, ListInstanceIdsRequest r) {
    return queries.listIds(hub, r);
  }

  /** Purges finished instances (one, a batch, or by filter); an {@code @} id purges the entity. */
  public CompletableFuture<PurgeInstancesResponse> purge(String hub, PurgeInstancesRequest r) {
    return engine.writer.submit(
        ctx -> {
          HubState h = engine.hubs.get(hub);
          int deleted = 0;
          if (h != null) {
            switch (r.getRequestCase()) {
              case INSTANCEID ->
                  deleted = purger.purgeOne(h, r.getInstanceId(), r.getRecursive(), ctx.now);
              case INSTANCEBATCH -> {
                for (String id : r.getInstanceBatch().getInstanceIdsList()) {
                  deleted += purger.purgeOne(h, id, r.getRecursive(), ctx.now);
                }
              }
              case PURGEINSTANCEFILTER -> {
                var f = r.getPurgeInstanceFilter();
                Set<OrchestrationStatus> statuses = Set.copyOf(f.getRuntimeStatusList());
                long from = f.hasCreatedTimeFrom() ? Protos.millis(f.getCreatedTimeFrom()) : 0;
                long to =
                    f.hasCreatedTimeTo() ? Protos.millis(f.getCreatedTimeTo()) : Long.MAX_VALUE;
                for (OrchestrationRuntime o : List.copyOf(h.instances.values())) {
                  if (!o.isActive()
                      && (statuses.isEmpty() || statuses.contains(o.status))
                      && o.createdAt >= from
                      && o.createdAt <= to) {
                    deleted += purger.purgeOne(h, o.instanceId, r.getRecursive(), ctx.now);
                  }
                }
              }
              default -> {}
            }
          }
          return PurgeInstancesResponse.newBuilder()
              .setDeletedInstanceCount(deleted)
              .setIsComplete(BoolValue.of(true))
              .build();
        });
  }

  /** Commits an orchestrator work item's result; completes once durable. */
  public CompletableFuture<Void> completeOrchestrator(
      String hub, Object connection, OrchestratorResponse r) {
    return engine.writer.submit(
        ctx -> {
          completion.complete(hub, connection, r, ctx);
          return null;
        });
  }

  /** Commits an activity result; completes once durable. */
  public CompletableFuture<Void> completeActivity(
      String hub, Object connection, ActivityResponse r) {
    return engine.writer.submit(
        ctx -> {
          completion.completeActivity(hub, connection, r, ctx);
          return null;
        });
  }

  /** Gives an orchestrator or activity work item back; it is delivered again. */
  public CompletableFuture<Void> abandon(
      String hub, Object connection, String token, boolean orchestrator) {
    return engine.writer.submit(
        ctx -> {
          completion.abandon(hub, connection, token, orchestrator, ctx);
          return null;
        });
  }
}
