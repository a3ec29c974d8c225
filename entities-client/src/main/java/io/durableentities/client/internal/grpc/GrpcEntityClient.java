package io.durableentities.client.internal.grpc;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.durableentities.client.CleanEntityStorageResult;
import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityClientHandle;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.EntityQuery;
import io.durableentities.client.internal.ClientCallInvoker;
import io.durableentities.client.internal.ClientEntityHandle;
import io.durableentities.client.internal.EntityCalls;
import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.TraceContexts;
import io.durableentities.core.DataConverterException;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.EntityProxies;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The {@link EntityClient} over gRPC. */
public final class GrpcEntityClient implements EntityClient {

  private final ClientContext context;
  private final Clock clock;
  private final EntityCalls calls;

  /**
   * Creates a client.
   *
   * @param context the channel, converter and call settings
   * @param clock the source of request times
   * @param caller carries calls; looked up on first use, throws {@link EntityException} naming the
   *     missing module when there is none
   */
  public GrpcEntityClient(ClientContext context, Clock clock, Supplier<EntityCaller> caller) {
    this.context = Objects.requireNonNull(context, "context");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calls = new EntityCalls(context.dataConverter(), caller);
  }

  /** Counts the delay from this client's clock (the virtual one in a test environment). */
  @Override
  public <T> T signalAfter(Class<T> entityInterface, EntityInstanceId id, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    return signal(entityInterface, id, clock.instant().plus(delay));
  }

  @Override
  public <T> T call(Class<T> entityInterface, EntityInstanceId id, Duration timeout) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    Objects.requireNonNull(id, "id");
    requirePositive(timeout);
    calls.requireCaller();
    return EntityProxies.create(entityInterface, new ClientCallInvoker(calls, id, timeout));
  }

  @Override
  public <T> EntityClientHandle<T> handle(
      Class<T> entityInterface, EntityInstanceId id, Duration timeout) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    requirePositive(timeout);
    EntityInterfaceMetadata.of(entityInterface);
    return new ClientEntityHandle<>(this, calls, entityInterface, id, timeout);
  }

  @Override
  public <R> R call(
      EntityInstanceId id, String operation, Object input, Class<R> resultType, Duration timeout) {
    Objects.requireNonNull(resultType, "resultType");
    return resultType.cast(calls.call(id, operation, input, resultType, timeout));
  }

  @Override
  public <R> CompletableFuture<R> callAsync(
      EntityInstanceId id, String operation, Object input, Class<R> resultType, Duration timeout) {
    Objects.requireNonNull(resultType, "resultType");
    return calls.callAsync(id, operation, input, resultType, timeout).thenApply(resultType::cast);
  }

  private static void requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The call timeout must be positive, was " + timeout);
    }
  }

  @Override
  public void signal(EntityInstanceId id, String operation, Object input, Instant scheduledTime) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    String json;
    try {
      json = context.dataConverter().serialize(input);
    } catch (DataConverterException e) {
      throw new EntityException(
          "Could not signal entity "
              + id
              + ", operation '"
              + operation
              + "': the input cannot be serialized: "
              + e.getMessage(),
          e);
    }
    SignalEntityRequest.Builder request =
        SignalEntityRequest.newBuilder()
            .setInstanceId(id.toString())
            .setName(operation)
            .setRequestId(RequestIds.next())
            .setRequestTime(Timestamps.of(clock.instant()));
    if (json != null) {
      request.setInput(StringValue.of(json));
    }
    if (scheduledTime != null) {
      request.setScheduledTime(Timestamps.of(scheduledTime));
    }
    Span span =
        context
            .telemetry()
            .tracer()
            .spanBuilder(SpanNames.of("signal_entity", operation))
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SpanNames.TYPE, "signal_entity")
            .setAttribute(SpanNames.ENTITY_ID, id.toString())
            .setAttribute(SpanNames.ENTITY_OPERATION, operation)
            .startSpan();
    TraceContext trace = TraceContexts.of(span);
    if (trace != null) {
      request.setParentTraceContext(trace);
    }
    SignalEntityRequest built = request.build();
    try (Scope ignored = span.makeCurrent()) {
      context.call(
          "signal entity " + id + ", operation '" + operation + "'",
          stub -> stub.signalEntity(built));
    } catch (RuntimeException e) {
      Telemetry.fail(span, e);
      context.telemetry().clientMetrics().signalFailed(id.name(), e);
      throw e;
    } catch (Error e) {
      Telemetry.fail(span, e);
      throw e;
    } finally {
      span.end();
    }
    context.telemetry().clientMetrics().signalAcknowledged(id.name());
  }

  @Override
  public Optional<EntityMetadata<Void>> get(EntityInstanceId id) {
    return get(id, false, (ignored, json) -> null);
  }

  @Override
  public <S> Optional<EntityMetadata<S>> get(EntityInstanceId id, Class<S> stateType) {
    Objects.requireNonNull(stateType, "stateType");
    return get(id, true, (ignored, json) -> readState(id, json, stateType));
  }

  private <S> Optional<EntityMetadata<S>> get(
      EntityInstanceId id, boolean includeState, BiFunction<EntityInstanceId, String, S> state) {
    Objects.requireNonNull(id, "id");
    GetEntityRequest request =
        GetEntityRequest.newBuilder()
            .setInstanceId(id.toString())
            .setIncludeState(includeState)
            .build();
    GetEntityResponse response = context.call("get entity " + id, stub -> stub.getEntity(request));
    if (!response.getExists()) {
      return Optional.empty();
    }
    return Optional.of(toMetadata(response.getEntity(), includeState, state));
  }

  @Override
  public Stream<EntityMetadata<String>> query(EntityQuery query) {
    return pages(query, (id, json) -> json);
  }

  @Override
  public <S> Stream<EntityMetadata<S>> query(EntityQuery query, Class<S> stateType) {
    Objects.requireNonNull(stateType, "stateType");
    return pages(query, (id, json) -> readState(id, json, stateType));
  }

  private <S> Stream<EntityMetadata<S>> pages(
      EntityQuery query, BiFunction<EntityInstanceId, String, S> state) {
    Objects.requireNonNull(query, "query");
    io.durableentities.protocol.internal.EntityQuery.Builder proto =
        io.durableentities.protocol.internal.EntityQuery.newBuilder()
            .setIncludeState(query.includeState())
            .setIncludeTransient(query.includeTransient());
    query.instanceIdStartsWith().ifPresent(p -> proto.setInstanceIdStartsWith(StringValue.of(p)));
    query.lastModifiedFrom().ifPresent(t -> proto.setLastModifiedFrom(Timestamps.of(t)));
    query.lastModifiedTo().ifPresent(t -> proto.setLastModifiedTo(Timestamps.of(t)));
    query.pageSize().ifPresent(size -> proto.setPageSize(Int32Value.of(size)));
    io.durableentities.protocol.internal.EntityQuery built = proto.build();
    return ContinuationPages.stream(
        token -> {
          var request = built.toBuilder();
          if (token != null) {
            request.setContinuationToken(StringValue.of(token));
          }
          QueryEntitiesRequest call = QueryEntitiesRequest.newBuilder().setQuery(request).build();
          QueryEntitiesResponse response =
              context.call("query entities " + query, stub -> stub.queryEntities(call));
          return new ContinuationPages.Page<>(
              response.getEntitiesList(),
              ContinuationPages.nextToken(
                  response.hasContinuationToken(), response.getContinuationToken()));
        },
        entity -> toMetadata(entity, built.getIncludeState(), state));
  }

  @Override
  public CleanEntityStorageResult cleanStorage(
      boolean removeEmptyEntities, boolean releaseOrphanedLocks) {
    int removed = 0;
    int released = 0;
    String token = null;
    do {
      CleanEntityStorageRequest.Builder request =
          CleanEntityStorageRequest.newBuilder()
              .setRemoveEmptyEntities(removeEmptyEntities)
              .setReleaseOrphanedLocks(releaseOrphanedLocks);
      if (token != null) {
        request.setContinuationToken(StringValue.of(token));
      }
      CleanEntityStorageRequest built = request.build();
      CleanEntityStorageResponse response =
          context.call("clean entity storage", stub -> stub.cleanEntityStorage(built));
      removed += response.getEmptyEntitiesRemoved();
      released += response.getOrphanedLocksReleased();
      token =
          ContinuationPages.nextToken(
              response.hasContinuationToken(), response.getContinuationToken());
    } while (token != null);
    return new CleanEntityStorageResult(removed, released);
  }

  private <S> S readState(EntityInstanceId id, String json, Class<S> stateType) {
    try {
      return context.dataConverter().deserialize(json, stateType);
    } catch (DataConverterException e) {
      throw new EntityException(
          "The state of entity "
              + id
              + " cannot be read as "
              + stateType.getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static <S> EntityMetadata<S> toMetadata(
      io.durableentities.protocol.internal.EntityMetadata proto,
      boolean includeState,
      BiFunction<EntityInstanceId, String, S> state) {
    EntityInstanceId id = EntityInstanceId.parse(proto.getInstanceId());
    String json =
        includeState && proto.hasSerializedState() ? proto.getSerializedState().getValue() : null;
    return new EntityMetadata<>(
        id,
        Timestamps.toInstant(proto.getLastModifiedTime()),
        proto.getBacklogQueueSize(),
        proto.hasLockedBy() ? proto.getLockedBy().getValue() : null,
        json == null ? null : state.apply(id, json),
        includeState);
  }
}
