package io.durableentities.orchestration.internal;

import com.google.protobuf.StringValue;
import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.client.internal.telemetry.TraceContexts;
import io.durableentities.core.DataConverterException;
import io.durableentities.core.DurableException;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationPurgeFilter;
import io.durableentities.orchestration.OrchestrationQuery;
import io.durableentities.orchestration.ScheduleOptions;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.RestartInstanceRequest;
import io.durableentities.protocol.internal.ResumeRequest;
import io.durableentities.protocol.internal.RewindInstanceRequest;
import io.durableentities.protocol.internal.SuspendRequest;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.TraceContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OrchestrationClient} over gRPC, created once per client by {@link
 * OrchestrationClientProvider}. The calls on one instance are here; the waits are {@link
 * InstanceWaits}', the queries and purges by filter {@link InstanceQueries}', the conversions of
 * states {@link InstanceStates}'.
 */
public final class GrpcOrchestrationClient implements OrchestrationClient {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcOrchestrationClient.class);

  private final ClientContext context;
  private final Clock clock;
  private final InstanceWaits waits;
  private final InstanceQueries queries;
  private final String defaultVersion;

  /**
   * Creates a client.
   *
   * @param context the channel, converter and call settings
   * @param clock the source of request times
   */
  public GrpcOrchestrationClient(ClientContext context, Clock clock) {
    this(context, clock, new InstanceWaits(context), null);
  }

  private GrpcOrchestrationClient(
      ClientContext context, Clock clock, InstanceWaits waits, String defaultVersion) {
    this.context = Objects.requireNonNull(context, "context");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.waits = waits;
    this.queries = new InstanceQueries(context);
    this.defaultVersion = defaultVersion;
  }

  @Override
  public OrchestrationClient withDefaultVersion(String version) {
    Objects.requireNonNull(version, "version");
    if (version.isBlank()) {
      throw new IllegalArgumentException(
          "The default version must not be blank; use the client without one instead");
    }
    return new GrpcOrchestrationClient(context, clock, waits, version);
  }

  @Override
  public Optional<String> defaultVersion() {
    return Optional.ofNullable(defaultVersion);
  }

  @Override
  public String scheduleNew(String name, Object input, ScheduleOptions options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    if (name.isBlank()) {
      throw new IllegalArgumentException("The orchestration name must not be blank");
    }
    String id = options.instanceId().orElseGet(() -> UUID.randomUUID().toString());
    CreateInstanceRequest.Builder request =
        CreateInstanceRequest.newBuilder()
            .setInstanceId(id)
            .setName(name)
            .setRequestTime(Wire.timestamp(clock.instant()));
    String json = serialize(input, "the input of orchestration '" + name + "'");
    if (json != null) {
      request.setInput(StringValue.of(json));
    }
    options.startAt().ifPresent(t -> request.setScheduledStartTimestamp(Wire.timestamp(t)));
    options
        .version()
        .or(this::defaultVersion)
        .ifPresent(v -> request.setVersion(StringValue.of(v)));
    Span span = context.telemetry().start("create_orchestration", name, SpanKind.PRODUCER);
    span.setAttribute(SpanNames.TASK_NAME, name);
    span.setAttribute(SpanNames.INSTANCE_ID, id);
    TraceContext trace = TraceContexts.of(span);
    if (trace != null) {
      request.setParentTraceContext(trace);
    }
    CreateInstanceRequest built = request.build();
    String what = "start orchestration '" + name + "' as instance '" + id + "'";
    String created =
        Telemetry.within(
            span,
            () -> {
              try {
                return context.call(what, stub -> stub.startInstance(built)).getInstanceId();
              } catch (DurableException e) {
                if (e.getCause() instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                  throw alreadyExists(what, id, e);
                }
                throw e;
              }
            });
    return created.isEmpty() ? id : created;
  }

  /**
   * A start under the id of an active instance: names the options this client has (the scheduler's
   * own message speaks of wire-protocol fields that this client does not offer).
   */
  private DurableException alreadyExists(String what, String id, DurableException e) {
    String status = get(id, false).map(m -> " and is " + m.status()).orElse(" and is still active");
    return new DurableException(
        "Could not "
            + what
            + ": an instance with that id already exists"
            + status
            + " (the scheduler replaces only a finished instance). Choose another instance id"
            + " (or null for a new random one), or wait until it finishes (waitForCompletion)"
            + " or terminate it (terminate) first",
        e);
  }

  @Override
  public Optional<OrchestrationMetadata> get(String instanceId, boolean includeInputsAndOutputs) {
    GetInstanceRequest request = getRequest(instanceId, includeInputsAndOutputs);
    GetInstanceResponse response =
        context.call(
            "get orchestration instance '" + instanceId + "'", s -> s.getInstance(request));
    return response.getExists()
        ? Optional.of(toMetadata(response.getOrchestrationState()))
        : Optional.empty();
  }

  @Override
  public OrchestrationMetadata waitForStart(String instanceId, Duration timeout)
      throws TimeoutException {
    return toMetadata(traced("start", instanceId, () -> waits.await("start", instanceId, timeout)));
  }

  @Override
  public OrchestrationMetadata waitForCompletion(String instanceId, Duration timeout)
      throws TimeoutException {
    return toMetadata(
        traced("completion", instanceId, () -> waits.await("completion", instanceId, timeout)));
  }

  @Override
  public void raiseEvent(String instanceId, String eventName, Object payload) {
    requireId(instanceId);
    Objects.requireNonNull(eventName, "eventName");
    RaiseEventRequest.Builder request =
        RaiseEventRequest.newBuilder().setInstanceId(instanceId).setName(eventName);
    String json = serialize(payload, "the payload of event '" + eventName + "'");
    if (json != null) {
      request.setInput(StringValue.of(json));
    }
    RaiseEventRequest built = request.build();
    Span span = context.telemetry().start("orchestration_event", eventName, SpanKind.PRODUCER);
    span.setAttribute(SpanNames.TASK_NAME, eventName);
    span.setAttribute(SpanNames.TARGET_INSTANCE_ID, instanceId);
    Telemetry.within(
        span,
        () ->
            context.call(
                "raise event '" + eventName + "' on orchestration instance '" + instanceId + "'",
                stub -> stub.raiseEvent(built)));
  }

  @Override
  public void terminate(String instanceId, Object output, boolean recursive) {
    requireId(instanceId);
    TerminateRequest.Builder request =
        TerminateRequest.newBuilder().setInstanceId(instanceId).setRecursive(recursive);
    String json = serialize(output, "the output of terminated instance '" + instanceId + "'");
    if (json != null) {
      request.setOutput(StringValue.of(json));
    }
    TerminateRequest built = request.build();
    Span span = context.telemetry().start("terminate_orchestration", "instance", SpanKind.CLIENT);
    span.setAttribute(SpanNames.TARGET_INSTANCE_ID, instanceId);
    Telemetry.within(
        span,
        () ->
            context.call(
                "terminate orchestration instance '" + instanceId + "'",
                stub -> stub.terminateInstance(built)));
  }

  @Override
  public void suspend(String instanceId, String reason) {
    requireId(instanceId);
    SuspendRequest.Builder request = SuspendRequest.newBuilder().setInstanceId(instanceId);
    if (reason != null) {
      request.setReason(StringValue.of(reason));
    }
    SuspendRequest built = request.build();
    context.call(
        "suspend orchestration instance '" + instanceId + "'", s -> s.suspendInstance(built));
  }

  @Override
  public String restart(String instanceId, boolean newInstanceId) {
    requireId(instanceId);
    RestartInstanceRequest request =
        RestartInstanceRequest.newBuilder()
            .setInstanceId(instanceId)
            .setRestartWithNewInstanceId(newInstanceId)
            .build();
    return context
        .call(
            "restart orchestration instance '"
                + instanceId
                + "'"
                + (newInstanceId ? " under a new id" : ""),
            s -> s.restartInstance(request))
        .getInstanceId();
  }

  @Override
  public void rewind(String instanceId, String reason) {
    requireId(instanceId);
    RewindInstanceRequest.Builder request =
        RewindInstanceRequest.newBuilder().setInstanceId(instanceId);
    if (reason != null) {
      request.setReason(StringValue.of(reason));
    }
    RewindInstanceRequest built = request.build();
    context.call(
        "rewind orchestration instance '" + instanceId + "'", s -> s.rewindInstance(built));
  }

  @Override
  public void resume(String instanceId, String reason) {
    requireId(instanceId);
    ResumeRequest.Builder request = ResumeRequest.newBuilder().setInstanceId(instanceId);
    if (reason != null) {
      request.setReason(StringValue.of(reason));
    }
    ResumeRequest built = request.build();
    context.call(
        "resume orchestration instance '" + instanceId + "'", s -> s.resumeInstance(built));
  }

  @Override
  public boolean purge(String instanceId) {
    requireId(instanceId);
    PurgeInstancesRequest request =
        PurgeInstancesRequest.newBuilder()
            .setInstanceId(instanceId)
            .setIsOrchestration(true)
            .build();
    return context
            .call(
                "purge orchestration instance '" + instanceId + "'",
                stub -> stub.purgeInstances(request))
            .getDeletedInstanceCount()
        > 0;
  }

  @Override
  public int purge(OrchestrationPurgeFilter filter) {
    return queries.purge(filter);
  }

  @Override
  public Stream<OrchestrationMetadata> query(OrchestrationQuery query) {
    return queries.query(query);
  }

  // ---- conversions ---------------------------------------------------------------------------

  private String serialize(Object value, String what) {
    try {
      return context.dataConverter().serialize(value);
    } catch (DataConverterException e) {
      throw new DataConverterException(what + " cannot be serialized: " + e.getMessage(), e);
    }
  }

  private static void requireId(String instanceId) {
    Objects.requireNonNull(instanceId, "instanceId");
    if (instanceId.isEmpty()) {
      throw new IllegalArgumentException("The instance id must not be empty");
    }
  }

  private static GetInstanceRequest getRequest(String instanceId, boolean inputsAndOutputs) {
    requireId(instanceId);
    return GetInstanceRequest.newBuilder()
        .setInstanceId(instanceId)
        .setGetInputsAndOutputs(inputsAndOutputs)
        .build();
  }

  private OrchestrationMetadata toMetadata(OrchestrationState state) {
    return InstanceStates.toMetadata(state, context.dataConverter());
  }

  @Override
  public String toString() {
    return "OrchestrationClient{" + context.connection() + "}";
  }

  /** Runs a wait for an instance's start or completion inside a CLIENT span. */
  private <T> T traced(String what, String instanceId, WaitCall<T> wait) throws TimeoutException {
    Span span = context.telemetry().start("wait_orchestration", what, SpanKind.CLIENT);
    span.setAttribute(SpanNames.TARGET_INSTANCE_ID, instanceId);
    try (Scope ignored = span.makeCurrent()) {
      return wait.call();
    } catch (TimeoutException | RuntimeException | Error e) {
      Telemetry.fail(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  /** A wait that may time out. */
  @FunctionalInterface
  private interface WaitCall<T> {
    T call() throws TimeoutException;
  }
}
