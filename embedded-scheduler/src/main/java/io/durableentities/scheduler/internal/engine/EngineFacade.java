package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.ListInstanceIdsRequest;
import io.durableentities.protocol.internal.ListInstanceIdsResponse;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.RestartInstanceRequest;
import io.durableentities.protocol.internal.RestartInstanceResponse;
import io.durableentities.protocol.internal.RewindInstanceRequest;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.engine.dispatch.StreamRegistry;
import io.durableentities.scheduler.internal.engine.entity.BatchCompletion;
import io.durableentities.scheduler.internal.engine.entity.EntityQueries;
import io.durableentities.scheduler.internal.engine.entity.Redelivery;
import io.durableentities.scheduler.internal.engine.entity.Signals;
import io.durableentities.scheduler.internal.engine.entity.StorageCleaner;
import io.durableentities.scheduler.internal.engine.orchestration.ActivityCompletion;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceHistories;
import io.durableentities.scheduler.internal.engine.orchestration.InstancePurger;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceRequests;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceWaits;
import io.durableentities.scheduler.internal.engine.orchestration.OrchestrationQueries;
import io.durableentities.scheduler.internal.engine.orchestration.OrchestratorCompletion;
import io.durableentities.scheduler.internal.engine.orchestration.PurgeRun;
import io.durableentities.scheduler.internal.engine.orchestration.TaskLeases;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.TaskHubAdmission;
import io.durableentities.scheduler.internal.engine.state.WorkStream;
import io.durableentities.scheduler.internal.engine.write.GroupCommitWriter;
import io.durableentities.scheduler.internal.engine.write.StateWork;
import io.durableentities.scheduler.internal.telemetry.ReceiveSpans;
import io.durableentities.scheduler.internal.telemetry.SchedulerMetrics;
import io.durableentities.scheduler.internal.telemetry.SchedulerTracing;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way into the engine for the gRPC service and the dashboard: one method per RPC or
 * dashboard read. Requests are validated on the caller's thread (a bad one fails with {@code
 * StatusRuntimeException} before anything is queued); writes go through the group-commit writer and
 * their futures complete after the commit; reads take the writer lock briefly and read the disk
 * outside it. Storage failures come back as statuses ({@code UNAVAILABLE}: retry; {@code
 * DATA_LOSS}: the database is damaged where the request needs it; {@code INTERNAL}: a bug).
 */
public final class EngineFacade {

  private final GroupCommitWriter writer;
  private final CurrentState current;
  private final StreamRegistry streams;
  private final Signals signals;
  private final BatchCompletion batchCompletion;
  private final Redelivery redelivery;
  private final StorageCleaner cleaner;
  private final EntityQueries entityQueries;
  private final InstanceRequests instanceRequests;
  private final InstanceWaits waits;
  private final InstancePurger purger;
  private final OrchestratorCompletion orchestratorCompletion;
  private final ActivityCompletion activityCompletion;
  private final TaskLeases taskLeases;
  private final OrchestrationQueries orchestrationQueries;
  private final InstanceHistories histories;
  private final DashboardQueries dashboard;
  private final TaskHubAdmission taskHubs;
  private final SchedulerMetrics metrics;
  private final SchedulerTracing tracing;
  private final AtomicBoolean kickPending = new AtomicBoolean();

  EngineFacade(
      GroupCommitWriter writer,
      CurrentState current,
      StreamRegistry streams,
      Signals signals,
      BatchCompletion batchCompletion,
      Redelivery redelivery,
      StorageCleaner cleaner,
      EntityQueries entityQueries,
      InstanceRequests instanceRequests,
      InstanceWaits waits,
      InstancePurger purger,
      OrchestratorCompletion orchestratorCompletion,
      ActivityCompletion activityCompletion,
      TaskLeases taskLeases,
      OrchestrationQueries orchestrationQueries,
      InstanceHistories histories,
      DashboardQueries dashboard,
      TaskHubAdmission taskHubs,
      SchedulerMetrics metrics,
      SchedulerTracing tracing) {
    this.writer = writer;
    this.current = current;
    this.streams = streams;
    this.signals = signals;
    this.batchCompletion = batchCompletion;
    this.redelivery = redelivery;
    this.cleaner = cleaner;
    this.entityQueries = entityQueries;
    this.instanceRequests = instanceRequests;
    this.waits = waits;
    this.purger = purger;
    this.orchestratorCompletion = orchestratorCompletion;
    this.activityCompletion = activityCompletion;
    this.taskLeases = taskLeases;
    this.orchestrationQueries = orchestrationQueries;
    this.histories = histories;
    this.dashboard = dashboard;
    this.taskHubs = taskHubs;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Queues work on the current state of a task hub; completes after the commit of its group. A
   * request that would create a task hub the operator did not allow fails before it runs.
   */
  private <T> CompletableFuture<T> submit(String hub, StateWork<T> work) {
    return submit(hub, work, null);
  }

  /**
   * Queues work watched by the receive spans of its request (null for none): they end when it is
   * answered, whether it fails here, in the writer or commits.
   */
  private <T> CompletableFuture<T> submit(String hub, StateWork<T> work, ReceiveSpans spans) {
    try {
      taskHubs.requireAllowed(hub);
    } catch (RuntimeException refused) {
      if (spans != null) {
        spans.failed(refused);
      }
      throw refused;
    }
    return writer.submit(
        ctx -> {
          EngineState s = current.forWrite();
          taskHubs.admit(s, hub);
          return work.run(s, ctx);
        },
        spans);
  }

  // ---------------------------------------------------------------------------------------
  // Entities
  // ---------------------------------------------------------------------------------------

  /** {@code SignalEntity}: completes once the signal is durable (or was a duplicate). */
  public CompletableFuture<Void> signal(String hub, SignalEntityRequest req) {
    StateWork<Void> work = signals.prepare(hub, req);
    CompletableFuture<Void> done = submit(hub, work, tracing.signal(hub, req));
    if (!metrics.countsSignals()) {
      return done;
    }
    // Counted before the caller hears the acknowledgement (a dependent future), never failing it.
    return done.thenApply(
        ignored -> {
          metrics.signalAcknowledged(hub, EntityIds.normalize(req.getInstanceId()));
          return null;
        });
  }

  /** {@code GetEntity}. */
  public GetEntityResponse getEntity(String hub, GetEntityRequest req) {
    return entityQueries.get(hub, EntityIds.normalize(req.getInstanceId()), req.getIncludeState());
  }

  /** {@code QueryEntities}. */
  public QueryEntitiesResponse queryEntities(String hub, QueryEntitiesRequest req) {
    return entityQueries.query(hub, req.getQuery());
  }

  /** {@code CleanEntityStorage}: cleans one page of entities. */
  public CompletableFuture<CleanEntityStorageResponse> cleanEntityStorage(
      String hub, CleanEntityStorageRequest req) {
    if (req.hasContinuationToken() && !req.getContinuationToken().getValue().isEmpty()) {
      EntityQueries.decodeToken(req.getContinuationToken().getValue());
    }
    return submit(hub, (s, ctx) -> cleaner.clean(s, hub, req, ctx.now()));
  }

  /** {@code CompleteEntityTask}: completes once the batch's result is durable. */
  public CompletableFuture<Void> completeEntityTask(
      String hub, Object connection, EntityBatchResult r) {
    return submit(
        hub,
        (s, ctx) -> {
          batchCompletion.complete(s, hub, connection, r, ctx);
          return null;
        },
        tracing.batchActions(hub, r));
  }

  /**
   * {@code AbandonTaskEntityWorkItem}: the batch is delivered again after a short back-off; the
   * abandon counts toward the poison limit unless {@code shutdown} (the worker said it is closing).
   */
  public CompletableFuture<Void> abandonEntityTask(
      String hub, Object connection, String token, boolean shutdown) {
    return submit(
        hub,
        (s, ctx) -> {
          batchCompletion.abandon(s, hub, connection, token, shutdown, ctx);
          return null;
        });
  }

  // ---------------------------------------------------------------------------------------
  // Work-item streams
  // ---------------------------------------------------------------------------------------

  /**
   * {@code GetWorkItems}: registers a worker's stream; returns what to run when the stream ends
   * (cancelled by the worker or lost), which gives its leased work back. {@code readsEntityTraces}
   * tells whether the worker is known to read V1 entity work items ({@link
   * WorkStream.Takes#readsEntityTraces}).
   */
  public Runnable openStream(
      String hub,
      Object connection,
      ServerCallStreamObserver<WorkItem> observer,
      GetWorkItemsRequest req,
      boolean readsEntityTraces) {
    WorkStream stream = streams.newStream(hub, connection, observer, req, readsEntityTraces);
    writer.submit(
        ctx -> {
          EngineState s = current.orNull();
          if (s != null) {
            try {
              taskHubs.admit(s, hub);
            } catch (StatusRuntimeException refused) {
              stream.fail(refused);
              return null;
            }
          }
          streams.add(stream, s);
          return null;
        });
    return () -> closeStream(stream);
  }

  private void closeStream(WorkStream stream) {
    writer.submit(
        ctx -> {
          EngineState s = current.orNull();
          streams.remove(stream, s);
          if (s != null) {
            redelivery.streamClosed(s, stream, ctx.now());
            taskLeases.streamClosed(stream, ctx.now());
          }
          return null;
        });
  }

  /** A stream can take more work items: the writer dispatches again. */
  public void streamReady() {
    if (!kickPending.getAndSet(true)) {
      writer.submit(
          ctx -> {
            kickPending.set(false);
            return null;
          });
    }
  }

  // ---------------------------------------------------------------------------------------
  // Orchestrations
  // ---------------------------------------------------------------------------------------

  /** {@code StartInstance}: completes once the instance is durable. */
  public CompletableFuture<CreateInstanceResponse> startInstance(
      String hub, CreateInstanceRequest r) {
    StateWork<CreateInstanceResponse> work = instanceRequests.start(hub, r);
    return submit(hub, work, tracing.start(hub, r));
  }

  /** {@code GetInstance} ({@code exists=false} for unknown and entity ids). */
  public GetInstanceResponse getInstance(String hub, GetInstanceRequest r) {
    return orchestrationQueries.get(hub, r.getInstanceId(), r.getGetInputsAndOutputs());
  }

  /** {@code WaitForInstanceStart}: answers {@code out} once the instance is no longer pending. */
  public void waitForStart(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    waits.waitForStart(hub, r, out);
  }

  /** {@code WaitForInstanceCompletion}: answers {@code out} once the instance has finished. */
  public void waitForCompletion(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    waits.waitForCompletion(hub, r, out);
  }

  /** {@code RaiseEvent}. */
  public CompletableFuture<Void> raiseEvent(String hub, RaiseEventRequest r) {
    return submit(hub, instanceRequests.raiseEvent(hub, r));
  }

  /** {@code TerminateInstance} (and its sub-orchestrations when recursive). */
  public CompletableFuture<Void> terminate(String hub, TerminateRequest r) {
    return submit(hub, instanceRequests.terminate(hub, r));
  }

  /** {@code SuspendInstance}. */
  public CompletableFuture<Void> suspend(String hub, String instanceId, StringValue reason) {
    return submit(hub, instanceRequests.suspend(hub, instanceId, reason));
  }

  /** {@code ResumeInstance}. */
  public CompletableFuture<Void> resume(String hub, String instanceId, StringValue reason) {
    return submit(hub, instanceRequests.resume(hub, instanceId, reason));
  }

  /** {@code RestartInstance}: a finished instance (or any, under a new id) runs again. */
  public CompletableFuture<RestartInstanceResponse> restart(String hub, RestartInstanceRequest r) {
    return submit(hub, instanceRequests.restart(hub, r));
  }

  /** {@code RewindInstance}: a failed instance resumes from its failed tasks. */
  public CompletableFuture<Void> rewind(String hub, RewindInstanceRequest r) {
    return submit(hub, instanceRequests.rewind(hub, r));
  }

  /**
   * The history of an instance's current execution ({@code StreamInstanceHistory}, the dashboard):
   * from memory while the instance is active, from the store once it finished. May read the disk:
   * call it off the transport threads.
   *
   * @param executionId the execution asked for, or null for the current one
   * @throws io.grpc.StatusRuntimeException NOT_FOUND for an unknown instance or an execution other
   *     than the current one (earlier executions are not kept)
   */
  public List<HistoryEvent> history(String hub, String instanceId, String executionId) {
    InstanceRequests.requireOrchestrationId("StreamInstanceHistory", instanceId);
    return histories.read("StreamInstanceHistory", hub, instanceId, executionId);
  }

  /** {@code QueryInstances}. */
  public QueryInstancesResponse queryInstances(String hub, InstanceQuery q) {
    return orchestrationQueries.query(hub, q);
  }

  /** {@code ListInstanceIds}. */
  public ListInstanceIdsResponse listInstanceIds(String hub, ListInstanceIdsRequest r) {
    return orchestrationQueries.listIds(hub, r);
  }

  /**
   * {@code PurgeInstances}: finished instances; an {@code @} id purges the entity's state. Runs as
   * a series of writer turns ({@link PurgeRun}), each queued once the one before is committed,
   * behind the work that arrived meanwhile; answers after the last.
   */
  public CompletableFuture<PurgeInstancesResponse> purge(String hub, PurgeInstancesRequest r) {
    PurgeRun run = purger.prepare(hub, r);
    CompletableFuture<PurgeInstancesResponse> answer = new CompletableFuture<>();
    nextPurgeTurn(hub, run, answer);
    return answer;
  }

  private void nextPurgeTurn(
      String hub, PurgeRun run, CompletableFuture<PurgeInstancesResponse> answer) {
    submit(hub, run::turn)
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                answer.completeExceptionally(failure);
              } else if (done) {
                answer.complete(run.response());
              } else {
                nextPurgeTurn(hub, run, answer);
              }
            });
  }

  /** {@code CompleteOrchestratorTask}: completes once the result is durable. */
  public CompletableFuture<Void> completeOrchestratorTask(
      String hub, Object connection, OrchestratorResponse r) {
    ReceiveSpans spans = tracing.actions(hub, r);
    return submit(
        hub,
        (s, ctx) -> {
          orchestratorCompletion.complete(s, hub, connection, r, ctx, spans);
          return null;
        },
        spans);
  }

  /** {@code CompleteActivityTask}: completes once the result is durable. */
  public CompletableFuture<Void> completeActivityTask(
      String hub, Object connection, ActivityResponse r) {
    return submit(
        hub,
        (s, ctx) -> {
          activityCompletion.complete(s, hub, connection, r, ctx);
          return null;
        });
  }

  /** {@code AbandonTaskOrchestratorWorkItem} / {@code ...Activity...}: delivered again. */
  public CompletableFuture<Void> abandonTask(
      String hub, Object connection, String token, boolean orchestrator) {
    return submit(
        hub,
        (s, ctx) -> {
          taskLeases.abandon(s, hub, connection, token, orchestrator, ctx);
          return null;
        });
  }

  // ---------------------------------------------------------------------------------------
  // Dashboard reads
  // ---------------------------------------------------------------------------------------

  /** The task hubs known to the scheduler, sorted. */
  public List<String> hubs() {
    return dashboard.hubs();
  }

  /**
   * One page of orchestration instances in id order (without inputs and outputs); the continuation
   * token is the last id of the page when more may follow.
   */
  public QueryInstancesResponse instances(String hub, InstanceFilter f) {
    return dashboard.instances(hub, f);
  }

  /** How many instances of a hub have each status. */
  public Map<OrchestrationStatus, Integer> statusCounts(String hub) {
    return dashboard.statusCounts(hub);
  }

  /** One entity (transient ones too) with its state, lock and queue; null when unknown. */
  public EntityDetail entity(String hub, String entityId) {
    return dashboard.entity(hub, entityId);
  }

  /** The operations a hub dropped without running them: how many, and the latest. */
  public DroppedReport dropped(String hub) {
    return dashboard.dropped(hub);
  }

  /**
   * Whether a connected worker of the hub takes instances of this orchestration name and version
   * (null or empty: none).
   */
  public boolean hostsOrchestration(String hub, String name, String version) {
    return dashboard.hostsOrchestration(hub, name, version);
  }

  /** The held locks of a hub and the requests waiting for locks. */
  public LockTable locks(String hub) {
    return dashboard.locks(hub);
  }

  /** How many entities memory holds now, over all task hubs. */
  public int residentEntities() {
    return current.read(EngineState::residentEntities);
  }

  /**
   * Whether the store holds queued messages memory lacks, which the pager reads as room frees:
   * after a start-up (a file store listens before it reads its queues), or spilled while memory
   * held as many live entities as {@code maxResidentEntities} allows.
   */
  public boolean loadingQueues() {
    return current.read(s -> s.queueLoad().inProgress());
  }

  /** How many orchestration instances memory holds now, over all task hubs. */
  public int residentInstances() {
    return current.read(EngineState::residentInstances);
  }
}
