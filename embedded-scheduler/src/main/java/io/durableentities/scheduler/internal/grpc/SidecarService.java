package io.durableentities.scheduler.internal.grpc;

import com.google.protobuf.Empty;
import io.durableentities.protocol.internal.AbandonActivityTaskRequest;
import io.durableentities.protocol.internal.AbandonActivityTaskResponse;
import io.durableentities.protocol.internal.AbandonEntityTaskRequest;
import io.durableentities.protocol.internal.AbandonEntityTaskResponse;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskRequest;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskResponse;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.CompleteTaskResponse;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryChunk;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.ListInstanceIdsRequest;
import io.durableentities.protocol.internal.ListInstanceIdsResponse;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.RaiseEventResponse;
import io.durableentities.protocol.internal.RestartInstanceRequest;
import io.durableentities.protocol.internal.RestartInstanceResponse;
import io.durableentities.protocol.internal.ResumeRequest;
import io.durableentities.protocol.internal.ResumeResponse;
import io.durableentities.protocol.internal.RewindInstanceRequest;
import io.durableentities.protocol.internal.RewindInstanceResponse;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.SignalEntityResponse;
import io.durableentities.protocol.internal.StreamInstanceHistoryRequest;
import io.durableentities.protocol.internal.SuspendRequest;
import io.durableentities.protocol.internal.SuspendResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.TerminateResponse;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.engine.EngineFacade;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code TaskHubSidecarService} RPCs, served by the engine's façade. */
public final class SidecarService extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(SidecarService.class);

  /** The RPCs served; every other one answers UNIMPLEMENTED naming itself. */
  static final Set<String> SERVED =
      Set.of(
          "Hello",
          "SignalEntity",
          "GetEntity",
          "QueryEntities",
          "CleanEntityStorage",
          "GetWorkItems",
          "CompleteEntityTask",
          "AbandonTaskEntityWorkItem",
          "StartInstance",
          "GetInstance",
          "WaitForInstanceStart",
          "WaitForInstanceCompletion",
          "RaiseEvent",
          "TerminateInstance",
          "SuspendInstance",
          "ResumeInstance",
          "RestartInstance",
          "RewindInstance",
          "QueryInstances",
          "ListInstanceIds",
          "PurgeInstances",
          "StreamInstanceHistory",
          "CompleteOrchestratorTask",
          "CompleteActivityTask",
          "AbandonTaskOrchestratorWorkItem",
          "AbandonTaskActivityWorkItem");

  private final EngineFacade engine;
  private final Executor reads;

  private SidecarService(EngineFacade engine, Executor reads) {
    this.engine = engine;
    this.reads = reads;
  }

  /**
   * The service definition to add to a gRPC server whose handlers run on the transport thread
   * ({@code directExecutor}). Writes only validate and hand off to the group-commit writer, so they
   * run there; reads that take the engine lock (which the writer holds through a commit) run on
   * {@code reads}. A new handler that may block must go through {@link #offload} too.
   *
   * <p>Before a handler runs, a call passes (outermost first): {@link BoundedStatus} (every status
   * message fits its header), {@link BearerTokenAuth} (when {@code authToken} is set: the call
   * carries the token), {@link MalformedRequests} (a body that does not parse is refused with
   * INVALID_ARGUMENT), {@link CallContext} (the task hub and the connection) and {@link
   * RequestLimits} (ids and names within limits).
   *
   * @param engine the engine's façade
   * @param reads where the reads that take the engine lock run
   * @param authToken the token every call must send as a bearer token, or null for none
   */
  public static ServerServiceDefinition definition(
      EngineFacade engine, Executor reads, String authToken) {
    // The last interceptor listed sees a call first.
    ServerServiceDefinition typed =
        ServerInterceptors.intercept(
            NamedUnimplemented.wrap(new SidecarService(engine, reads).bindService(), SERVED),
            new RequestLimits(),
            new CallContext());
    RateLimitedLog refusals =
        new RateLimitedLog(log::warn, RateLimitedLog.DEFAULT_INTERVAL, System::nanoTime);
    ServerServiceDefinition parsed = MalformedRequests.guard(typed, refusals);
    if (authToken != null) {
      parsed = ServerInterceptors.intercept(parsed, new BearerTokenAuth(authToken, refusals));
    }
    return ServerInterceptors.intercept(parsed, new BoundedStatus());
  }

  @Override
  public void hello(Empty request, StreamObserver<Empty> out) {
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void signalEntity(SignalEntityRequest req, StreamObserver<SignalEntityResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.signal(hub, req), SignalEntityResponse.getDefaultInstance());
  }

  @Override
  public void getEntity(GetEntityRequest req, StreamObserver<GetEntityResponse> out) {
    String hub = CallContext.hub();
    offload(out, () -> engine.getEntity(hub, req));
  }

  @Override
  public void queryEntities(QueryEntitiesRequest req, StreamObserver<QueryEntitiesResponse> out) {
    String hub = CallContext.hub();
    offload(out, () -> engine.queryEntities(hub, req));
  }

  @Override
  public void cleanEntityStorage(
      CleanEntityStorageRequest req, StreamObserver<CleanEntityStorageResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.cleanEntityStorage(hub, req));
  }

  @Override
  public void completeEntityTask(EntityBatchResult req, StreamObserver<CompleteTaskResponse> out) {
    String hub = CallContext.hub();
    Object connection = CallContext.connection();
    reply(
        out,
        () -> engine.completeEntityTask(hub, connection, req),
        CompleteTaskResponse.getDefaultInstance());
  }

  @Override
  public void abandonTaskEntityWorkItem(
      AbandonEntityTaskRequest req, StreamObserver<AbandonEntityTaskResponse> out) {
    String hub = CallContext.hub();
    Object connection = CallContext.connection();
    boolean shutdown = CallContext.shuttingDown();
    reply(
        out,
        () -> engine.abandonEntityTask(hub, connection, req.getCompletionToken(), shutdown),
        AbandonEntityTaskResponse.getDefaultInstance());
  }

  @Override
  public void getWorkItems(GetWorkItemsRequest req, StreamObserver<WorkItem> out) {
    ServerCallStreamObserver<WorkItem> observer = (ServerCallStreamObserver<WorkItem>) out;
    Runnable ended =
        engine.openStream(
            CallContext.hub(),
            CallContext.connection(),
            observer,
            req,
            CallContext.readsEntityTraces());
    observer.setOnCancelHandler(ended);
    observer.setOnReadyHandler(engine::streamReady);
  }

  @Override
  public void startInstance(CreateInstanceRequest req, StreamObserver<CreateInstanceResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.startInstance(hub, req));
  }

  @Override
  public void getInstance(GetInstanceRequest req, StreamObserver<GetInstanceResponse> out) {
    String hub = CallContext.hub();
    offload(out, () -> engine.getInstance(hub, req));
  }

  @Override
  public void waitForInstanceStart(
      GetInstanceRequest req, StreamObserver<GetInstanceResponse> out) {
    String hub = CallContext.hub();
    try {
      engine.waitForStart(hub, req, (ServerCallStreamObserver<GetInstanceResponse>) out);
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    }
  }

  @Override
  public void waitForInstanceCompletion(
      GetInstanceRequest req, StreamObserver<GetInstanceResponse> out) {
    String hub = CallContext.hub();
    try {
      engine.waitForCompletion(hub, req, (ServerCallStreamObserver<GetInstanceResponse>) out);
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    }
  }

  @Override
  public void raiseEvent(RaiseEventRequest req, StreamObserver<RaiseEventResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.raiseEvent(hub, req), RaiseEventResponse.getDefaultInstance());
  }

  @Override
  public void terminateInstance(TerminateRequest req, StreamObserver<TerminateResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.terminate(hub, req), TerminateResponse.getDefaultInstance());
  }

  @Override
  public void suspendInstance(SuspendRequest req, StreamObserver<SuspendResponse> out) {
    String hub = CallContext.hub();
    reply(
        out,
        () -> engine.suspend(hub, req.getInstanceId(), req.hasReason() ? req.getReason() : null),
        SuspendResponse.getDefaultInstance());
  }

  @Override
  public void resumeInstance(ResumeRequest req, StreamObserver<ResumeResponse> out) {
    String hub = CallContext.hub();
    reply(
        out,
        () -> engine.resume(hub, req.getInstanceId(), req.hasReason() ? req.getReason() : null),
        ResumeResponse.getDefaultInstance());
  }

  @Override
  public void restartInstance(
      RestartInstanceRequest req, StreamObserver<RestartInstanceResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.restart(hub, req));
  }

  @Override
  public void rewindInstance(
      RewindInstanceRequest req, StreamObserver<RewindInstanceResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.rewind(hub, req), RewindInstanceResponse.getDefaultInstance());
  }

  @Override
  public void queryInstances(
      QueryInstancesRequest req, StreamObserver<QueryInstancesResponse> out) {
    String hub = CallContext.hub();
    offload(out, () -> engine.queryInstances(hub, req.getQuery()));
  }

  @Override
  public void listInstanceIds(
      ListInstanceIdsRequest req, StreamObserver<ListInstanceIdsResponse> out) {
    String hub = CallContext.hub();
    offload(out, () -> engine.listInstanceIds(hub, req));
  }

  @Override
  public void purgeInstances(
      PurgeInstancesRequest req, StreamObserver<PurgeInstancesResponse> out) {
    String hub = CallContext.hub();
    reply(out, () -> engine.purge(hub, req));
  }

  /** Bytes of events per history chunk (a chunk holds at least one event). */
  private static final int HISTORY_CHUNK_BYTES = 256 * 1024;

  @Override
  public void streamInstanceHistory(
      StreamInstanceHistoryRequest req, StreamObserver<HistoryChunk> out) {
    String hub = CallContext.hub();
    offloadTask(out, () -> streamHistoryNow(hub, req, out));
  }

  /** Reads a history under the engine lock and streams it in chunks; runs on the read executor. */
  private void streamHistoryNow(
      String hub, StreamInstanceHistoryRequest req, StreamObserver<HistoryChunk> out) {
    List<HistoryEvent> events;
    try {
      events =
          engine.history(
              hub,
              req.getInstanceId(),
              req.hasExecutionId() ? req.getExecutionId().getValue() : null);
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
      return;
    }
    try {
      HistoryChunk.Builder chunk = HistoryChunk.newBuilder();
      int bytes = 0;
      for (HistoryEvent event : events) {
        int size = event.getSerializedSize();
        if (chunk.getEventsCount() > 0 && bytes + size > HISTORY_CHUNK_BYTES) {
          out.onNext(chunk.build());
          chunk.clear();
          bytes = 0;
        }
        chunk.addEvents(event);
        bytes += size;
      }
      if (chunk.getEventsCount() > 0) {
        out.onNext(chunk.build());
      }
      out.onCompleted();
    } catch (RuntimeException e) {
      log.debug("Could not stream a history to a caller that went away", e);
    }
  }

  @Override
  public void completeOrchestratorTask(
      OrchestratorResponse req, StreamObserver<CompleteTaskResponse> out) {
    String hub = CallContext.hub();
    Object connection = CallContext.connection();
    reply(
        out,
        () -> engine.completeOrchestratorTask(hub, connection, req),
        CompleteTaskResponse.getDefaultInstance());
  }

  @Override
  public void completeActivityTask(ActivityResponse req, StreamObserver<CompleteTaskResponse> out) {
    String hub = CallContext.hub();
    Object connection = CallContext.connection();
    reply(
        out,
        () -> engine.completeActivityTask(hub, connection, req),
        CompleteTaskResponse.getDefaultInstance());
  }

  @Override
  public void abandonTaskOrchestratorWorkItem(
      AbandonOrchestrationTaskRequest req, StreamObserver<AbandonOrchestrationTaskResponse> out) {
    String hub = CallContext.hub();
    Object connection = CallContext.connection();
    reply(
        out,
        () -> engine.abandonTask(hub, connection, req.getCompletionToken(), true),
        AbandonOrchestrationTaskResponse.getDefaultInstance());
  }

  @Override
  public void abandonTaskActivityWorkItem(
      AbandonActivityTaskRequest req, StreamObserver<AbandonActivityTaskResponse> out) {
    String hub = CallContext.hub();
    Object connection = CallContext.connection();
    reply(
        out,
        () -> engine.abandonTask(hub, connection, req.getCompletionToken(), false),
        AbandonActivityTaskResponse.getDefaultInstance());
  }

  /** Answers from {@code call} run on the read executor, off the transport thread. */
  private <T> void offload(StreamObserver<T> out, Supplier<T> call) {
    offloadTask(out, () -> replyNow(out, call));
  }

  /** Runs {@code task}, which answers {@code out} itself, on the read executor. */
  private void offloadTask(StreamObserver<?> out, Runnable task) {
    try {
      reads.execute(task);
    } catch (RejectedExecutionException e) {
      out.onError(
          Status.UNAVAILABLE
              .withDescription("The scheduler is shutting down")
              .asRuntimeException());
    }
  }

  private static <T> void replyNow(StreamObserver<T> out, Supplier<T> call) {
    T value;
    try {
      value = call.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }

  private static <T> void reply(
      StreamObserver<T> out, Supplier<CompletableFuture<Void>> call, T value) {
    reply(out, () -> call.get().thenApply(ignored -> value));
  }

  private static <T> void reply(StreamObserver<T> out, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
      return;
    }
    future.whenComplete(
        (value, error) -> {
          try {
            if (error != null) {
              out.onError(toStatus(error));
            } else {
              out.onNext(value);
              out.onCompleted();
            }
          } catch (RuntimeException e) {
            log.debug("Could not answer a caller that went away", e);
          }
        });
  }

  private static StatusRuntimeException toStatus(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof StatusRuntimeException s) {
      return s;
    }
    log.error("Unexpected failure while serving a request", e);
    return Status.INTERNAL
        .withDescription("The scheduler failed unexpectedly: " + e)
        .withCause(e)
        .asRuntimeException();
  }
}
