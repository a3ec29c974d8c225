package io.durableentities.orchestration.internal;

import com.google.protobuf.StringValue;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.grpc.EntityCaller;
import io.durableentities.client.internal.grpc.Retrier;
import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.TraceContexts;
import io.durableentities.core.DataConverterException;
import io.durableentities.core.DurableException;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.TerminateResponse;
import io.durableentities.protocol.internal.TraceContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client calls to entities through the built-in {@link CallEntityOrchestration}: start it, wait for
 * its completion (one long poll, no polling), read the result or the entity's failure, and purge
 * the instance in the background. On timeout the instance is terminated and the error names the
 * likely cause ({@link CallTimeoutDiagnosis}). A result that cannot be read from the payload store
 * fails the call with the store's {@link PayloadStoreException} as it is, as the orchestration
 * client's waits do.
 */
final class GrpcEntityCaller implements EntityCaller, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcEntityCaller.class);
  private static final Duration UNAVAILABLE_PAUSE = Duration.ofMillis(100);

  private final ClientContext context;
  private final Clock clock;
  private final CallInstancePurger purger;

  GrpcEntityCaller(ClientContext context, Clock clock) {
    this.context = Objects.requireNonNull(context, "context");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.purger = new CallInstancePurger(context);
  }

  /** Purges the finished calls' instances that are still pending. */
  @Override
  public void close() {
    purger.close();
  }

  @Override
  public String call(EntityInstanceId id, String operation, String input, Duration timeout) {
    Span span = callSpan(id, operation);
    return Telemetry.within(span, () -> callTraced(id, operation, input, timeout, span));
  }

  /** A CLIENT span for a client call, whose context the built-in orchestration continues. */
  private Span callSpan(EntityInstanceId id, String operation) {
    Span span = context.telemetry().start("call_entity", operation, SpanKind.CLIENT);
    span.setAttribute(SpanNames.ENTITY_ID, String.valueOf(id));
    span.setAttribute(SpanNames.ENTITY_OPERATION, String.valueOf(operation));
    return span;
  }

  private String callTraced(
      EntityInstanceId id, String operation, String input, Duration timeout, Span span) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CreateInstanceRequest start = start(id, operation, input, span);
    context.call(describe(id, operation), stub -> stub.startInstance(start));
    GetInstanceRequest wait = waitRequest(start.getInstanceId());
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut(id, operation, start.getInstanceId(), timeout);
      }
      try {
        GetInstanceResponse done =
            TaskHubSidecarServiceGrpc.newBlockingStub(context.channel())
                .withDeadlineAfter(left, TimeUnit.NANOSECONDS)
                .waitForInstanceCompletion(wait);
        return read(id, operation, start.getInstanceId(), done);
      } catch (StatusRuntimeException e) {
        if (e.getCause() instanceof PayloadStoreException payload) {
          throw unreadable(start.getInstanceId(), payload);
        }
        if (!isUnavailable(e, deadline)) {
          throw waitFailed(id, operation, start.getInstanceId(), timeout, e);
        }
        pause();
      }
    }
  }

  @Override
  public CompletableFuture<String> callAsync(
      EntityInstanceId id, String operation, String input, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Span span = callSpan(id, operation);
    CreateInstanceRequest start;
    try {
      start = start(id, operation, input, span);
    } catch (RuntimeException e) {
      Telemetry.fail(span, e);
      span.end();
      return CompletableFuture.failedFuture(e);
    }
    String instanceId = start.getInstanceId();
    return context
        .<CreateInstanceResponse>callAsync(
            describe(id, operation), (stub, answer) -> stub.startInstance(start, answer))
        .thenCompose(started -> awaitAsync(id, operation, instanceId, timeout, deadline))
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                Telemetry.fail(span, failure);
              }
              span.end();
            });
  }

  private CompletableFuture<String> awaitAsync(
      EntityInstanceId id, String operation, String instanceId, Duration timeout, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return timedOutAsync(id, operation, instanceId, timeout);
    }
    GetInstanceRequest wait = waitRequest(instanceId);
    return ClientContext.<GetInstanceResponse>unary(
            TaskHubSidecarServiceGrpc.newStub(context.channel()),
            Duration.ofNanos(left),
            (stub, answer) -> stub.waitForInstanceCompletion(wait, answer))
        .handle(
            (done, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(read(id, operation, instanceId, done));
              }
              Throwable cause =
                  failure instanceof CompletionException ? failure.getCause() : failure;
              if (cause instanceof StatusRuntimeException e
                  && e.getCause() instanceof PayloadStoreException payload) {
                return CompletableFuture.<String>failedFuture(unreadable(instanceId, payload));
              }
              if (cause instanceof StatusRuntimeException e && isUnavailable(e, deadline)) {
                return CompletableFuture.supplyAsync(
                        () -> null,
                        CompletableFuture.delayedExecutor(
                            UNAVAILABLE_PAUSE.toMillis(), TimeUnit.MILLISECONDS))
                    .thenCompose(
                        ignored -> awaitAsync(id, operation, instanceId, timeout, deadline));
              }
              if (cause instanceof StatusRuntimeException e) {
                return CompletableFuture.<String>failedFuture(
                    waitFailed(id, operation, instanceId, timeout, e));
              }
              return CompletableFuture.<String>failedFuture(cause);
            })
        .thenCompose(next -> next);
  }

  private CreateInstanceRequest start(
      EntityInstanceId id, String operation, String input, Span span) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    String envelope;
    try {
      envelope =
          context
              .dataConverter()
              .serialize(new CallEntityOrchestration.Request(id.toString(), operation, input));
    } catch (DataConverterException e) {
      throw new EntityException("Could not " + describe(id, operation) + ": " + e.getMessage(), e);
    }
    CreateInstanceRequest.Builder request =
        CreateInstanceRequest.newBuilder()
            .setInstanceId(UUID.randomUUID().toString())
            .setName(CallEntityOrchestration.NAME)
            .setInput(StringValue.of(envelope))
            .setRequestTime(Wire.timestamp(clock.instant()));
    TraceContext trace = TraceContexts.of(span);
    if (trace != null) {
      request.setParentTraceContext(trace);
    }
    return request.build();
  }

  private static GetInstanceRequest waitRequest(String instanceId) {
    return GetInstanceRequest.newBuilder()
        .setInstanceId(instanceId)
        .setGetInputsAndOutputs(true)
        .build();
  }

  /** Reads a finished call: the result, or the entity's failure; purges it in the background. */
  private String read(
      EntityInstanceId id, String operation, String instanceId, GetInstanceResponse done) {
    if (!done.getExists()) {
      throw new EntityException(
          "Could not "
              + describe(id, operation)
              + ": the scheduler has no orchestration '"
              + instanceId
              + "' for it any more (it was purged while the call waited)");
    }
    OrchestrationState state = done.getOrchestrationState();
    if (state.getOrchestrationStatus() != OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
      throw new EntityException(
          "Could not "
              + describe(id, operation)
              + ": its orchestration '"
              + instanceId
              + "' ended "
              + state.getOrchestrationStatus().name().replace("ORCHESTRATION_STATUS_", "")
              + (state.hasFailureDetails()
                  ? ": " + Wire.failure(state.getFailureDetails()).summary()
                  : ""));
    }
    purger.purgeLater(instanceId);
    CallEntityOrchestration.Response response;
    try {
      response =
          context
              .dataConverter()
              .deserialize(
                  state.hasOutput() ? state.getOutput().getValue() : null,
                  CallEntityOrchestration.Response.class);
    } catch (DataConverterException e) {
      throw new EntityException(
          "Could not " + describe(id, operation) + ": its result cannot be read: " + e.getMessage(),
          e);
    }
    if (response == null) {
      throw new EntityException(
          "Could not " + describe(id, operation) + ": its orchestration returned nothing");
    }
    if (response.failure() != null) {
      throw new EntityOperationFailedException(id, operation, response.failure());
    }
    return response.output();
  }

  /**
   * The failure of a call whose finished orchestration came back with a result the payload store
   * could not read (the client's payload interceptor cancelled the wait with the store's exception
   * as the cause): the store's exception as it is, its cause kept. The wait answered, so the
   * instance has finished and is purged in the background like any other call's.
   */
  private PayloadStoreException unreadable(String instanceId, PayloadStoreException payload) {
    purger.purgeLater(instanceId);
    return payload;
  }

  private boolean isUnavailable(StatusRuntimeException e, long deadline) {
    return e.getStatus().getCode() == Status.Code.UNAVAILABLE && deadline - System.nanoTime() > 0;
  }

  private RuntimeException waitFailed(
      EntityInstanceId id,
      String operation,
      String instanceId,
      Duration timeout,
      StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return timedOut(id, operation, instanceId, timeout);
    }
    return new DurableException(
        "Could not "
            + describe(id, operation)
            + ": waiting for its orchestration '"
            + instanceId
            + "' failed: "
            + Retrier.describe(e.getStatus()),
        e);
  }

  private EntityException timedOut(
      EntityInstanceId id, String operation, String instanceId, Duration timeout) {
    return timedOut(
        id,
        operation,
        instanceId,
        timeout,
        CallTimeoutDiagnosis.explain(context, id, instanceId).join());
  }

  private CompletableFuture<String> timedOutAsync(
      EntityInstanceId id, String operation, String instanceId, Duration timeout) {
    return CallTimeoutDiagnosis.explain(context, id, instanceId)
        .thenApply(
            explanation -> {
              throw timedOut(id, operation, instanceId, timeout, explanation);
            });
  }

  private EntityException timedOut(
      EntityInstanceId id,
      String operation,
      String instanceId,
      Duration timeout,
      String explanation) {
    terminateInBackground(instanceId);
    return new EntityException(
        "Could not "
            + describe(id, operation)
            + ": no result within "
            + timeout
            + ". "
            + explanation,
        new TimeoutException("no result within " + timeout));
  }

  private static String describe(EntityInstanceId id, String operation) {
    return "call operation '" + operation + "' on entity " + id;
  }

  private void terminateInBackground(String instanceId) {
    TerminateRequest terminate = TerminateRequest.newBuilder().setInstanceId(instanceId).build();
    ClientContext.<TerminateResponse>unary(
            TaskHubSidecarServiceGrpc.newStub(context.channel()),
            context.callTimeout(),
            (stub, answer) -> stub.terminateInstance(terminate, answer))
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                LOG.debug(
                    "Could not terminate the call orchestration '{}': {}",
                    instanceId,
                    failure.toString());
              }
            });
  }

  private static void pause() {
    try {
      Thread.sleep(UNAVAILABLE_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EntityException("Interrupted while waiting for a call to an entity", e);
    }
  }

  @Override
  public String toString() {
    return "EntityCaller{" + context.connection() + "}";
  }
}
