package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkItemFilters;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The entry points of the entity backend, one per RPC. Requests are validated on the caller's
 * thread (bad ones fail with {@code StatusRuntimeException} before anything is queued); writes go
 * through the group-commit writer and their futures complete after the commit.
 */
public final class EntityBackend {

  private final Engine engine;
  private final BatchCompletion completion;
  private final EntityQueries queries;
  private final StorageCleaner cleaner;
  private final AtomicLong streamIds = new AtomicLong();
  private final OrchestrationBackend orchestrations;

  /** Serves the entity RPCs from an engine. */
  public EntityBackend(Engine engine) {
    this.engine = engine;
    this.completion = new BatchCompletion(engine);
    this.queries = new EntityQueries(engine);
    this.cleaner = new StorageCleaner(engine);
    this.orchestrations = new OrchestrationBackend(engine);
  }

  /** The orchestration and activity RPCs of the same engine. */
  public OrchestrationBackend orchestrations() {
    return orchestrations;
  }

  /** Enqueues a signal; completes once it is durable (or was a duplicate). */
  public CompletableFuture<Void> signal(String hub, SignalEntityRequest req) {
    String id = EntityIds.normalize(req.getInstanceId());
    if (req.getName().isEmpty()) {
      throw Status.INVALID_ARGUMENT
          .withDescription("SignalEntity to entity " + id + ": the operation name is empty")
          .asRuntimeException();
    }
    boolean generated = req.getRequestId().isEmpty();
    String requestId = generated ? UUID.randomUUID().toString() : req.getRequestId();
    if (!generated) {
      EntityIds.requireGuid(requestId, id);
    }
    if (req.hasInput()
        && Protos.utf8Length(req.getInput().getValue()) > engine.config.maxMessageBytes()) {
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "SignalEntity to entity "
                  + id
                  + ": the input is larger than the limit of "
                  + engine.config.maxMessageBytes()
                  + " bytes")
          .asRuntimeException();
    }
    EntityOperationSignaledEvent.Builder signaled =
        EntityOperationSignaledEvent.newBuilder()
            .setRequestId(requestId)
            .setOperation(req.getName());
    if (req.hasInput()) {
      signaled.setInput(req.getInput());
    }
    if (req.hasScheduledTime()) {
      signaled.setScheduledTime(req.getScheduledTime());
    }
    long dueAt = req.hasScheduledTime() ? Protos.millis(req.getScheduledTime()) : 0;
    return engine.writer.submit(
        ctx -> {
          HubState h = engine.hubForWrite(hub, ctx.now);
          if (!generated) {
            String seen = requestId.toLowerCase(Locale.ROOT);
            long row = engine.seenRequestIds.add(hub, id, seen, ctx.now);
            if (row == 0) {
              return null;
            }
            engine.store.insertDedup(row, hub, id, seen, ctx.now);
          }
          HistoryEvent event =
              HistoryEvent.newBuilder()
                  .setEventId(-1)
                  .setTimestamp(
                      req.hasRequestTime() ? req.getRequestTime() : Protos.timestamp(ctx.now))
                  .setEntityOperationSignaled(signaled)
                  .build();
          engine.enqueue(
              h, id, requestId, MessageRow.KIND_SIGNAL, null, null, event, dueAt, ctx.now);
          return null;
        });
  }

  /** Answers GetEntity from memory. */
  public GetEntityResponse getEntity(String hub, GetEntityRequest req) {
    return queries.get(hub, EntityIds.normalize(req.getInstanceId()), req.getIncludeState());
  }

  /** Answers QueryEntities from memory. */
  public QueryEntitiesResponse queryEntities(String hub, QueryEntitiesRequest req) {
    return queries.query(hub, req.getQuery());
  }

  /** Cleans one page of entities. */
  public CompletableFuture<CleanEntityStorageResponse> cleanEntityStorage(
      String hub, CleanEntityStorageRequest req) {
    if (req.hasContinuationToken() && !req.getContinuationToken().getValue().isEmpty()) {
      EntityQueries.decodeToken(req.getContinuationToken().getValue());
    }
    return engine.writer.submit(ctx -> cleaner.clean(hub, req, ctx.now));
  }

  /** Commits a batch result; completes once durable. */
  public CompletableFuture<Void> complete(String hub, Object connection, EntityBatchResult r) {
    return engine.writer.submit(
        ctx -> {
          completion.complete(hub, connection, r, ctx);
          return null;
        });
  }

  /**
   * Gives a leased work item back; it is delivered again after a short back-off. The abandon counts
   * toward the poison limit unless {@code shutdown} (the worker said it is closing).
   */
  public CompletableFuture<Void> abandon(
      String hub, Object connection, String token, boolean shutdown) {
    return engine.writer.submit(
        ctx -> {
          completion.abandon(hub, connection, token, shutdown, ctx);
          return null;
        });
  }

  /**
   * Registers a worker's stream. Entity filters apply when the worker sends any filter; {@code
   * maxConcurrentEntityWorkItems} of 0 means the default, never "none".
   */
  public WorkStream openStream(
      String hub,
      Object connection,
      ServerCallStreamObserver<WorkItem> observer,
      GetWorkItemsRequest req) {
    Set<String> names = null;
    Set<String> orchestrationNames = null;
    Set<String> activityNames = null;
    if (req.hasWorkItemFilters()) {
      WorkItemFilters f = req.getWorkItemFilters();
      if (f.getOrchestrationsCount() + f.getActivitiesCount() + f.getEntitiesCount() > 0) {
        names =
            f.getEntitiesList().stream()
                .map(n -> n.getName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        orchestrationNames =
            f.getOrchestrationsList().stream()
                .map(n -> n.getName())
                .collect(Collectors.toUnmodifiableSet());
        activityNames =
            f.getActivitiesList().stream()
                .map(n -> n.getName())
                .collect(Collectors.toUnmodifiableSet());
      }
    }
    int max =
        req.getMaxConcurrentEntityWorkItems() > 0
            ? req.getMaxConcurrentEntityWorkItems()
            : EngineConfig.DEFAULT_MAX_ENTITY_WORK_ITEMS;
    WorkStream stream =
        new WorkStream(streamIds.incrementAndGet(), hub, connection, observer, names, max);
    stream.declaresEntities =
        req.getMaxConcurrentEntityWorkItems() > 0 || (names != null && !names.isEmpty());
    stream.orchestrationNames = orchestrationNames;
    stream.activityNames = activityNames;
    if (req.getMaxConcurrentOrchestrationWorkItems() > 0) {
      stream.maxOrchestrations = req.getMaxConcurrentOrchestrationWorkItems();
    }
    if (req.getMaxConcurrentActivityWorkItems() > 0) {
      stream.maxActivities = req.getMaxConcurrentActivityWorkItems();
    }
    engine.dispatcher.open(stream);
    return stream;
  }

  /** The stream ended (cancelled by the worker or lost). */
  public void closeStream(WorkStream stream) {
    engine.dispatcher.close(stream);
  }

  /** A stream can take more messages: try dispatching. */
  public void streamReady() {
    engine.kick();
  }
}
